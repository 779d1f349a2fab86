import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { plainWords } from '../app/plain-words.js';
import { useSession } from '../app/session.js';
import { duration, EngagementOverview } from './EngagementOverview.js';

/**
 * The admin console: the last week's engagement, and accounts with their figures, deauthenticate
 * and disable. Loaded on demand (its own chunk), so players never download it.
 */
export default function AdminConsole() {
  const { client, me } = useSession();
  const queries = useQueryClient();
  const [note, setNote] = useState<string | null>(null);
  const users = useQuery({ queryKey: ['admin', 'users'], queryFn: () => client.admin.users({ limit: 200 }) });
  const deauth = useMutation({
    mutationFn: (u: { id: string; username: string }) =>
      client.admin.deauthenticate(u.id).then((r) => ({ ...r, u })),
    onSuccess: ({ sessionsEnded, u }) =>
      setNote(`${u.username} was signed out (${sessionsEnded} sessions ended).`),
  });
  const disable = useMutation({
    mutationFn: (u: { id: string; disabled: boolean }) => client.admin.setDisabled(u.id, u.disabled),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['admin', 'users'] }),
  });
  const error = users.error ?? deauth.error ?? disable.error;

  return (
    <section className="card admin" aria-labelledby="admin-heading">
      <h1 id="admin-heading">Administration</h1>
      <EngagementOverview />
      <h2>Accounts</h2>
      {note && (
        <p role="status" className="ok">
          {note}
        </p>
      )}
      {error && (
        <p role="alert" className="error">
          {plainWords(error)}
        </p>
      )}
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Username</th>
              <th scope="col">Created</th>
              <th scope="col">State</th>
              <th scope="col">Sign-ins</th>
              <th scope="col">Time signed in</th>
              <th scope="col">Games</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {users.data?.users.map((u) => (
              <tr key={u.id}>
                <td>{u.username}</td>
                <td>{new Date(u.createdAt).toLocaleDateString()}</td>
                <td>{u.disabled ? 'disabled' : 'active'}</td>
                <td>{u.stats.logins}</td>
                <td>{duration(u.stats.sessionSeconds)}</td>
                <td>{u.stats.gamesPlayed}</td>
                <td>
                  {u.id === me?.id ? (
                    <span className="muted">you</span>
                  ) : (
                    <div className="actions">
                      <button
                        type="button"
                        onClick={() => deauth.mutate(u)}
                        aria-label={`Sign out everywhere: ${u.username}`}
                      >
                        Sign out everywhere
                      </button>
                      <button
                        type="button"
                        onClick={() => disable.mutate({ id: u.id, disabled: !u.disabled })}
                        aria-label={`${u.disabled ? 'Enable' : 'Disable'} ${u.username}`}
                      >
                        {u.disabled ? 'Enable' : 'Disable'}
                      </button>
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
