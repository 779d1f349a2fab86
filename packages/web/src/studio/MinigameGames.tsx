import type { MinigameGameView } from '@parlor/protocol';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useSession } from '../app/session.js';
import { DataTable } from '../components/DataTable.js';
import { FormError } from '../components/FormError.js';

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '–');

/**
 * A mini-game's latest games, folded away until opened (then kept fresh): when each ran, how it
 * ended and why, in the words its players were told, so a studio can see what its server did.
 */
export function MinigameGames({
  studioId,
  minigame,
  refreshMs,
}: {
  studioId: string;
  minigame: { id: string; name: string };
  refreshMs: number;
}) {
  const { client } = useSession();
  const [open, setOpen] = useState(false);
  const games = useQuery({
    queryKey: ['studio', studioId, 'minigames', minigame.id, 'games'],
    queryFn: () => client.studios.minigameGames(studioId, minigame.id),
    enabled: open,
    refetchInterval: refreshMs,
  });
  return (
    <details className="minigame-games" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Recent games of {minigame.name}</summary>
      <FormError error={games.error} />
      {games.data?.length === 0 && <p className="muted">No games of it yet.</p>}
      {games.data && games.data.length > 0 && (
        <DataTable columns={['Created', 'Ended', 'Players', 'Outcome', 'Why']}>
          {games.data.map((g) => (
            <GameRow key={g.id} game={g} />
          ))}
        </DataTable>
      )}
    </details>
  );
}

function GameRow({ game }: { game: MinigameGameView }) {
  return (
    <tr>
      <td>{when(game.createdAt)}</td>
      <td>{when(game.endedAt)}</td>
      <td className="minigame-plays">{game.players}</td>
      <td>{game.outcome}</td>
      <td>
        {game.reason ?? <span className="muted">–</span>}
        {game.code && (
          <>
            {' '}
            <code>{game.code}</code>
          </>
        )}
      </td>
    </tr>
  );
}
