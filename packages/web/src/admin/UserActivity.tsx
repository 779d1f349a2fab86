import { useQuery } from '@tanstack/react-query';
import { useSession } from '../app/session.js';
import { DataTable } from '../components/DataTable.js';
import { Problem, when } from './figures.js';

/** Where a user is signed in now, and the games they played: the user page's two lists. */
export function UserActivity({ userId }: { userId: string }) {
  const { client } = useSession();
  const sessions = useQuery({
    queryKey: ['admin', 'user-sessions', userId],
    queryFn: () => client.admin.sessionsOf(userId),
  });
  const games = useQuery({
    queryKey: ['admin', 'user-games', userId],
    queryFn: () => client.admin.gamesOf(userId),
  });
  return (
    <>
      <Problem error={sessions.error ?? games.error} />
      <h3>Signed in now</h3>
      {sessions.data?.length === 0 ? (
        <p className="muted">No active session.</p>
      ) : (
        <DataTable columns={['Since', 'Last seen', 'Address', 'Browser']}>
          {(sessions.data ?? []).map((s) => (
            <tr key={s.id}>
              <td>{when(s.createdAt)}</td>
              <td>{when(s.lastSeenAt)}</td>
              <td>{s.ip ?? '—'}</td>
              <td>{s.userAgent ?? '—'}</td>
            </tr>
          ))}
        </DataTable>
      )}
      <h3>Games</h3>
      {games.data?.length === 0 ? (
        <p className="muted">No games yet.</p>
      ) : (
        <DataTable columns={['Created', 'Game', 'Status', 'Players', 'Their rank']}>
          {(games.data ?? []).map((g) => (
            <tr key={g.id}>
              <td>{when(g.createdAt)}</td>
              <td>{g.type}</td>
              <td>{g.endReason ?? g.status}</td>
              <td>{g.players.length}</td>
              <td>{g.results.find((r) => r.userId === userId)?.rank ?? '—'}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </>
  );
}
