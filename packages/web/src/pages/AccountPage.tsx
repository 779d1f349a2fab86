import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { plainWords } from '../app/plain-words.js';
import { useSession } from '../app/session.js';
import { Field } from '../components/Field.js';
import { PasswordRules } from './PasswordRules.js';

/** My sessions (revoke), change password, sign out everywhere. */
export function AccountPage() {
  const { client, me, ended } = useSession();
  const queries = useQueryClient();
  const sessions = useQuery({ queryKey: ['sessions'], queryFn: () => client.identity.sessions() });
  const revoke = useMutation({
    mutationFn: (id: string) => client.identity.revokeSession(id),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['sessions'] }),
  });
  const everywhere = useMutation({
    mutationFn: async () => {
      const all = await client.identity.sessions();
      for (const s of all.filter((s) => !s.current)) await client.identity.revokeSession(s.id);
      await client.identity.signOut();
    },
    onSettled: () => ended('You signed out everywhere.'),
  });

  return (
    <div className="account">
      <section className="card" aria-labelledby="sessions-heading">
        <h1 id="sessions-heading">Account: {me?.username}</h1>
        <h2>Where you are signed in</h2>
        <table className="sessions">
          <thead>
            <tr>
              <th scope="col">Device</th>
              <th scope="col">Address</th>
              <th scope="col">Last seen</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sessions.data?.map((s) => (
              <tr key={s.id}>
                <td>{describeAgent(s.userAgent)}</td>
                <td>{s.ip ?? 'unknown'}</td>
                <td>{new Date(s.lastSeenAt).toLocaleString()}</td>
                <td>
                  {s.current ? (
                    <span className="muted">This device</span>
                  ) : (
                    <button
                      type="button"
                      onClick={() => revoke.mutate(s.id)}
                      aria-label={`Revoke the session on ${describeAgent(s.userAgent)}`}
                    >
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <button
          type="button"
          className="danger"
          onClick={() => everywhere.mutate()}
          disabled={everywhere.isPending}
        >
          Sign out everywhere
        </button>
        {revoke.error && (
          <p role="alert" className="error">
            {plainWords(revoke.error)}
          </p>
        )}
      </section>
      <ChangePassword />
    </div>
  );
}

function ChangePassword() {
  const { client } = useSession();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await client.identity.changePassword(current, next);
      setCurrent('');
      setNext('');
      setMessage({ ok: true, text: 'Password changed. Your other sessions were signed out.' });
    } catch (err) {
      setMessage({ ok: false, text: plainWords(err) });
    }
  };

  return (
    <section className="card" aria-labelledby="password-heading">
      <h2 id="password-heading">Change password</h2>
      <form onSubmit={submit}>
        <Field
          label="Current password"
          type="password"
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
          required
          autoComplete="current-password"
        />
        <Field
          label="New password"
          type="password"
          value={next}
          onChange={(e) => setNext(e.target.value)}
          required
          autoComplete="new-password"
          hint={<PasswordRules password={next} />}
        />
        {message && (
          <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'ok' : 'error'}>
            {message.text}
          </p>
        )}
        <button type="submit">Change password</button>
      </form>
    </section>
  );
}

/** "Firefox on Linux" from a user-agent string; enough to tell devices apart. */
function describeAgent(ua: string | null): string {
  if (!ua) return 'Unknown device';
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /Firefox\//.test(ua)
      ? 'Firefox'
      : /Chrom(e|ium)\//.test(ua)
        ? 'Chrome'
        : /Safari\//.test(ua)
          ? 'Safari'
          : 'A program';
  const os = /Android/.test(ua)
    ? 'Android'
    : /iPhone|iPad/.test(ua)
      ? 'iOS'
      : /Windows/.test(ua)
        ? 'Windows'
        : /Mac OS/.test(ua)
          ? 'macOS'
          : /Linux/.test(ua)
            ? 'Linux'
            : '';
  return os ? `${browser} on ${os}` : browser;
}
