import type { StatsRange } from '@parlor/sdk';
import { useQuery } from '@tanstack/react-query';
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
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Registered</th>
              <th scope="col">Players</th>
              <th scope="col">Back after 1 day</th>
              <th scope="col">7 days</th>
              <th scope="col">30 days</th>
            </tr>
          </thead>
          <tbody>
            {cohorts.map((c) => (
              <tr key={c.at}>
                <td>{new Date(c.at).toLocaleDateString()}</td>
                <td>{c.users}</td>
                <td>{percent(c.day1)}</td>
                <td>{percent(c.day7)}</td>
                <td>{percent(c.day30)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {retention.data && cohorts.length === 0 && <p className="muted">Nobody registered in this range.</p>}
    </section>
  );
}
