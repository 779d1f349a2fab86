import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useSession } from '../app/session.js';
import { FormError } from '../components/FormError.js';
import { RadioGroup } from '../components/RadioGroup.js';
import { DataTable } from '../components/DataTable.js';

const SHOWS = ['all', 'active', 'inactive'] as const;
type Show = (typeof SHOWS)[number];
const PAGE = 20;

/** The studio's players, a page at a time, filtered by active or inactive. */
export function PlayersList({ studioId, refreshMs }: { studioId: string; refreshMs: number }) {
  const { client } = useSession();
  const [show, setShow] = useState<Show>('all');
  // The cursors of the pages before this one, so "Previous" can go back.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const after = cursors[cursors.length - 1];
  const page = useQuery({
    queryKey: ['studio', studioId, 'players', show, after],
    queryFn: () =>
      client.studios.players(studioId, {
        limit: PAGE,
        after,
        ...(show === 'all' ? {} : { active: show === 'active' }),
      }),
    refetchInterval: refreshMs,
  });
  const pick = (s: Show) => {
    setShow(s);
    setCursors([undefined]);
  };

  return (
    <section aria-labelledby="players-heading" className="panel">
      <h2 id="players-heading">Players</h2>
      <RadioGroup legend="Show" choices={SHOWS} value={show} onChange={pick} />
      <FormError error={page.error} />
      <DataTable columns={['Player', 'State', 'First seen', 'Last seen']} className="players-table">
        {page.data?.players.map((p) => (
          <tr key={p.userId}>
            <td className="player-id">{p.userId}</td>
            <td>{p.active ? 'active' : 'inactive'}</td>
            <td>{new Date(p.firstSeenAt).toLocaleString()}</td>
            <td>{new Date(p.lastSeenAt).toLocaleString()}</td>
          </tr>
        ))}
      </DataTable>
      {page.data?.players.length === 0 && <p className="muted">No players to show.</p>}
      <div className="actions">
        <button type="button" disabled={cursors.length < 2} onClick={() => setCursors((c) => c.slice(0, -1))}>
          Previous page
        </button>
        <button
          type="button"
          disabled={!page.data?.next}
          onClick={() => page.data?.next && setCursors((c) => [...c, page.data.next ?? undefined])}
        >
          Next page
        </button>
      </div>
    </section>
  );
}
