import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useSession } from '../app/session.js';
import { Field } from '../components/Field.js';
import { FormError } from '../components/FormError.js';
import { PasswordRules } from './PasswordRules.js';

/** First run: no admin yet. The code is the one `npm start` printed on the server's terminal. */
export function SetupPage() {
  const { client, signIn } = useSession();
  const queries = useQueryClient();
  const navigate = useNavigate();
  const [code, setCode] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const setup = useMutation({
    mutationFn: async () => {
      await client.identity.bootstrap(code.trim(), username, password);
      await queries.invalidateQueries({ queryKey: ['setup'] });
      await signIn(username, password, false);
    },
    onSuccess: () => navigate('/', { replace: true }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setup.mutate();
  };

  return (
    <main id="main" className="narrow card">
      <h1>Create the admin</h1>
      <p>
        This Parlor has no administrator yet. Enter the setup code that the server printed when it started,
        and choose the admin&apos;s username and password.
      </p>
      <form onSubmit={submit}>
        <Field
          label="Setup code"
          value={code}
          onChange={(e) => setCode(e.target.value)}
          required
          autoComplete="off"
        />
        <Field
          label="Admin username"
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          required
          autoComplete="username"
        />
        <Field
          label="Admin password"
          type="password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          required
          autoComplete="new-password"
          hint={<PasswordRules password={password} />}
        />
        <FormError error={setup.error} />
        <button type="submit" className="primary" disabled={setup.isPending}>
          Create the admin
        </button>
      </form>
    </main>
  );
}
