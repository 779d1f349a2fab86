import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { plainWords } from '../app/plain-words.js';
import { useSession } from '../app/session.js';

/** Type the code the host shows. */
export function JoinForm() {
  const { client } = useSession();
  const navigate = useNavigate();
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const ticket = await client.games.join(code.trim());
      navigate(`/play/${ticket.gameId}`, { state: { ticket } });
    } catch (err) {
      setError(plainWords(err));
      setBusy(false);
    }
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
      <button type="submit" disabled={busy}>
        Join
      </button>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </form>
  );
}
