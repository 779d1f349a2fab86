import type { StatsRange } from '@parlor/sdk';
import { useQuery } from '@tanstack/react-query';
import { DataTable } from '../components/DataTable.js';
import { useSession } from '../app/session.js';
import { Problem, percent } from './figures.js';

/** Of the players who registered on a day, the share that came back 1, 7 and 30 days later. */
export function RetentionTable({ range }: { range: StatsRange }) {
  const { client } = useSession();
  const retention = useQuery({
    queryKey: ['admin', 'stats', 'retention', range],
    queryFn: () => client.stats.retention('day', range),
  });
  const cohorts = retention.data?.cohorts.filter((c) => c.users > 0) ?? [];
  return (
    <section aria-labelledby="retention-heading">
      <h3 id="retention-heading">Retention</h3>
      <Problem error={retention.error} />
      <DataTable columns={['Registered', 'Players', 'Back after 1 day', '7 days', '30 days']}>
        {cohorts.map((c) => (
          <tr key={c.at}>
            <td>{new Date(c.at).toLocaleDateString()}</td>
            <td>{c.users}</td>
            <td>{percent(c.day1)}</td>
            <td>{percent(c.day7)}</td>
            <td>{percent(c.day30)}</td>
          </tr>
        ))}
      </DataTable>
      {retention.data && cohorts.length === 0 && <p className="muted">Nobody registered in this range.</p>}
    </section>
  );
}
