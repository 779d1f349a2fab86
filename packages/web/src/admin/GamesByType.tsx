import type { StatsBucket, StatsRange } from '@parlor/sdk';
import { useQuery } from '@tanstack/react-query';
import { useSession } from '../app/session.js';
import { TimeSeriesChart } from '../charts/TimeSeriesChart.js';
import { DataTable } from '../components/DataTable.js';
import { duration, percent, Problem } from './figures.js';

const bucketLabel = (at: string, bucket: StatsBucket) =>
  new Date(at).toLocaleString(undefined, {
    timeZone: 'UTC',
    ...(bucket === 'hour' ? { hour: '2-digit', minute: '2-digit' } : { month: 'short', day: 'numeric' }),
  });

// Newest first: the latest buckets are the ones an admin looks for, and a long range scrolls.
const newestFirst = <T,>(points: readonly T[]) => points.map((p, i) => ({ p, i })).reverse();

/**
 * Games started per bucket, one line per game type, with the same numbers in a table beside
 * the chart (a bucket per row, a type per column) so none has to be read off a curve.
 */
export function GamesStartedByType({ range, bucket }: { range: StatsRange; bucket: StatsBucket }) {
  const { client } = useSession();
  const started = useQuery({
    queryKey: ['admin', 'stats', 'series', 'games_started', bucket, range, 'by-type'],
    queryFn: () => client.stats.series('games_started', bucket, range, { by: 'type' }),
  });
  const types = started.data?.series ?? [];
  return (
    <section className="chart-panel by-type" aria-labelledby="started-by-type-heading">
      <h3 id="started-by-type-heading">Games started per {bucket} by type</h3>
      <Problem error={started.error} />
      {started.data && types.length === 0 && <p className="muted">No games started in the range.</p>}
      {types.length > 0 && (
        <div className="chart-beside-table">
          <TimeSeriesChart
            label={`Games started per ${bucket}, one line per game type`}
            series={types.map((t) => ({ label: t.type, points: t.points }))}
            legend
          />
          {/* It scrolls when the range has many buckets, so it takes the keyboard focus to scroll by keys. */}
          <div
            className="figures-table"
            tabIndex={0}
            role="region"
            aria-label={`Games started per ${bucket} by type, as figures`}
          >
            <DataTable
              columns={[
                bucket === 'hour' ? 'Hour (UTC)' : bucket === 'day' ? 'Day (UTC)' : 'Week of (UTC)',
                ...types.map((t) => t.type),
              ]}
            >
              {newestFirst(started.data!.points).map(({ p, i }) => (
                <tr key={p.at}>
                  <th scope="row">{bucketLabel(p.at, bucket)}</th>
                  {types.map((t) => (
                    <td key={t.type}>{t.points[i]?.value ?? 0}</td>
                  ))}
                </tr>
              ))}
            </DataTable>
          </div>
        </div>
      )}
    </section>
  );
}

/** Per game type over the range: games ended, players, median length, completion rate. */
export function GamesByTypeTable({ range }: { range: StatsRange }) {
  const { client } = useSession();
  const games = useQuery({
    queryKey: ['admin', 'stats', 'games', range],
    queryFn: () => client.stats.games(range),
  });
  return (
    <section aria-labelledby="types-heading">
      <h3 id="types-heading">Games by type</h3>
      <Problem error={games.error} />
      <DataTable columns={['Type', 'Games', 'Players', 'Median length', 'Completed']}>
        {games.data?.types.map((t) => (
          <tr key={t.type}>
            <td>{t.type}</td>
            <td>{t.games}</td>
            <td>{t.players}</td>
            <td>{duration(t.medianSeconds)}</td>
            <td>{percent(t.completionRate)}</td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}
