import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useSession } from '../app/session.js';
import { FormError } from '../components/FormError.js';

/** Type the code the host shows. */
export function JoinForm() {
  const { client } = useSession();
  const navigate = useNavigate();
  const [code, setCode] = useState('');
  const join = useMutation({
    mutationFn: () => client.games.join(code.trim()),
    onSuccess: (ticket) => navigate(`/play/${ticket.gameId}`, { state: { ticket } }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    join.mutate();
  };

  return (
    <form onSubmit={submit} className="row-form" aria-label="Join with a code">
      <div className="field">
        <label htmlFor="join-code">Game code</label>
        <input
          id="join-code"
          value={code}
          onChange={(e) => setCode(e.target.value)}
          required
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
        />
      </div>
      <button type="submit" disabled={join.isPending}>
        Join
      </button>
      <FormError error={join.error} />
    </form>
  );
}
