import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { DataTable } from '../components/DataTable.js';
import { useSession } from '../app/session.js';
import { duration, Problem } from './figures.js';

const LIVE = new Set(['launching', 'waiting', 'in_progress']);

/** Games not over yet, with who hosts and plays them; an admin may end any of them. */
export function LiveGamesPage() {
  const { client } = useSession();
  const queries = useQueryClient();
  const [asking, setAsking] = useState<string | null>(null);
  const games = useQuery({
    queryKey: ['admin', 'games'],
    queryFn: () => client.games.list(),
    refetchInterval: 5_000,
  });
  const end = useMutation({
    mutationFn: (id: string) => client.games.end(id),
    onSuccess: () => {
      setAsking(null);
      void queries.invalidateQueries({ queryKey: ['admin', 'games'] });
    },
  });
  const live = games.data?.filter((g) => LIVE.has(g.status)) ?? [];
  const now = Date.now();
  return (
    <div className="console-page">
      <h2>Live games</h2>
      <Problem error={games.error ?? end.error} />
      <DataTable columns={['Type', 'Status', 'Host', 'Players', 'Age', '']}>
        {live.map((g) => {
          const host = g.players.find((p) => p.userId === g.hostId)?.displayName ?? g.hostId.slice(0, 8);
          return (
            <tr key={g.id}>
              <td>{g.type}</td>
              <td>{g.status.replace('_', ' ')}</td>
              <td>{host}</td>
              <td className="wrap">
                {g.players.map((p) => p.displayName).join(', ') || '—'} ({g.playersOnline} online)
              </td>
              <td>{duration((now - Date.parse(g.createdAt)) / 1000)}</td>
              <td>
                {asking === g.id ? (
                  <div className="actions">
                    <button
                      type="button"
                      className="danger"
                      onClick={() => end.mutate(g.id)}
                      disabled={end.isPending}
                    >
                      Yes: end it
                    </button>
                    <button type="button" onClick={() => setAsking(null)}>
                      Cancel
                    </button>
                  </div>
                ) : (
                  <button
                    type="button"
                    onClick={() => setAsking(g.id)}
                    aria-label={`End the ${g.type} game hosted by ${host}`}
                  >
                    End game
                  </button>
                )}
              </td>
            </tr>
          );
        })}
      </DataTable>
      {games.data && live.length === 0 && <p className="muted">No game is being played now.</p>}
    </div>
  );
}
