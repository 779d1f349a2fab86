import type { MinigameConnectionView } from '@parlor/protocol';
import { useQuery } from '@tanstack/react-query';
import { useSession } from '../app/session.js';
import { DataTable } from '../components/DataTable.js';
import { FormError } from '../components/FormError.js';
import { MinigameGames } from './MinigameGames.js';

/** The studio's mini-games: connected now, their servers' connections, and how often each was played. */
export function MinigamesList({ studioId, refreshMs }: { studioId: string; refreshMs: number }) {
  const { client } = useSession();
  const list = useQuery({
    queryKey: ['studio', studioId, 'minigames'],
    queryFn: () => client.studios.minigames(studioId),
    refetchInterval: refreshMs,
  });
  return (
    <section aria-labelledby="minigames-heading" className="panel">
      <h2 id="minigames-heading">Mini-games</h2>
      <FormError error={list.error} />
      {list.data?.length === 0 && <p className="muted">This studio has registered no mini-games yet.</p>}
      {list.data && list.data.length > 0 && (
        <DataTable columns={['Mini-game', 'Now', 'Servers', 'Plays']} className="minigames-table">
          {list.data.map((m) => (
            <tr key={m.id}>
              <td>
                <span className="minigame-name">{m.name}</span> <code>{m.id}</code>
              </td>
              <td>{m.connected ? 'connected' : 'offline'}</td>
              <td>
                <Connections connections={m.connections} />
              </td>
              <td className="minigame-plays">{m.plays}</td>
            </tr>
          ))}
        </DataTable>
      )}
      {list.data?.map((m) => (
        <MinigameGames key={m.id} studioId={studioId} minigame={m} refreshMs={refreshMs} />
      ))}
    </section>
  );
}

function Connections({ connections }: { connections: MinigameConnectionView[] }) {
  if (connections.length === 0) return <span className="muted">never connected</span>;
  return (
    <ul className="plain minigame-connections">
      {connections.map((c) => (
        <li key={c.id}>
          {c.address} · protocol {c.protocolVersion} · since {new Date(c.connectedAt).toLocaleString()}
          {c.endedAt && (
            <span className="muted">
              {' '}
              · ended {new Date(c.endedAt).toLocaleString()}
              {c.endReason ? `: ${c.endReason}` : ''}
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}
