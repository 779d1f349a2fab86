import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useLocation } from 'react-router';
import { useSession } from '../app/session.js';
import { Field } from '../components/Field.js';
import { FormError } from '../components/FormError.js';
import { PasswordRules } from './PasswordRules.js';

/** Sign in and sign up on one screen; after it, back to where the person was going. */
export function SignInPage() {
  const session = useSession();
  const location = useLocation();
  const next = (location.state as { from?: string } | null)?.from ?? '/';
  const [mode, setMode] = useState<'signIn' | 'signUp'>('signIn');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [remember, setRemember] = useState(false);
  const signingUp = mode === 'signUp';
  // Once signed in, the /signin route itself moves on to `next`.
  const enter = useMutation({
    mutationFn: () =>
      signingUp ? session.signUp(username, password, remember) : session.signIn(username, password, remember),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    enter.mutate();
  };

  return (
    <main id="main" className="narrow card">
      <h1>{signingUp ? 'Create your account' : 'Sign in to Parlor'}</h1>
      {session.reason && (
        <p role="alert" className="notice">
          {session.reason}
        </p>
      )}
      {next.startsWith('/join/') && <p>Sign in to join your friends&apos; game.</p>}
      <div className="tabs" role="group" aria-label="Sign in or sign up">
        <button type="button" aria-pressed={!signingUp} onClick={() => setMode('signIn')}>
          Sign in
        </button>
        <button type="button" aria-pressed={signingUp} onClick={() => setMode('signUp')}>
          Sign up
        </button>
      </div>
      <form onSubmit={submit}>
        <Field
          label="Username"
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          required
          autoComplete="username"
          autoCapitalize="none"
          hint={signingUp ? '3 to 32 letters, digits, _ or -' : undefined}
        />
        <Field
          label="Password"
          type="password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          required
          autoComplete={signingUp ? 'new-password' : 'current-password'}
          hint={signingUp ? <PasswordRules password={password} /> : undefined}
        />
        <div className="check">
          <input
            id="remember"
            type="checkbox"
            checked={remember}
            onChange={(e) => setRemember(e.target.checked)}
          />
          <label htmlFor="remember">Keep me signed in on this device</label>
        </div>
        <FormError error={enter.error} />
        <button type="submit" className="primary" disabled={enter.isPending}>
          {signingUp ? 'Create account' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
