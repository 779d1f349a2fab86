import type { StatsOverview } from '@parlor/sdk';
import { useQuery } from '@tanstack/react-query';
import { plainWords } from '../app/plain-words.js';
import { useSession } from '../app/session.js';

const DAY_MS = 86_400_000;

/** The last seven days, up to now, as the stats routes take them (whole UTC instants). */
function lastWeek(now = Date.now()): { from: string; to: string } {
  return { from: new Date(now - 7 * DAY_MS).toISOString(), to: new Date(now).toISOString() };
}

/** `1 h 5 min`, `4 min`, `—` when there is nothing to measure. */
export function duration(seconds: number | null): string {
  if (seconds === null) return '—';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** Who played, how long and how often over the last week (docs/stats.md says what each counts). */
export function EngagementOverview() {
  const { client } = useSession();
  const overview = useQuery({
    queryKey: ['admin', 'stats', 'overview'],
    queryFn: () => client.stats.overview(lastWeek()),
  });
  return (
    <section aria-labelledby="engagement-heading">
      <h2 id="engagement-heading">The last 7 days</h2>
      {overview.error && (
        <p role="alert" className="error">
          {plainWords(overview.error)}
        </p>
      )}
      {overview.data && <Figures o={overview.data} />}
    </section>
  );
}

function Figures({ o }: { o: StatsOverview }) {
  const figures: [string, string][] = [
    ['Active players', String(o.activeUsers)],
    ['New players', String(o.newUsers)],
    ['Sign-ins', String(o.logins)],
    ['Failed sign-ins', String(o.failedLogins)],
    ['Median session', duration(o.sessions.medianSeconds)],
    ['Games started', String(o.games.started)],
    ['Games finished', String(o.games.finished)],
    ['Chat messages', String(o.chat.messages)],
    ['Most online at once', String(o.peakConcurrentUsers)],
  ];
  return (
    <dl className="figures">
      {figures.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
