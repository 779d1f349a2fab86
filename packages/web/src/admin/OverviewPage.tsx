import type { StatsMetric, StatsSeries } from '@parlor/sdk';
import { useQueries, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useSession } from '../app/session.js';
import { TimeSeriesChart } from '../charts/TimeSeriesChart.js';
import { duration, Figures, percent, Problem } from './figures.js';
import { GamesByTypeTable, GamesStartedByType } from './GamesByType.js';
import { RANGES, rangeOf, type RangeKey } from './range.js';
import { RetentionTable } from './RetentionTable.js';

const SERIES: StatsMetric[] = [
  'logins',
  'active_users',
  'concurrent_users',
  'sessions',
  'session_seconds',
  'games_started',
  'games_finished',
  'chat_messages',
];
const total = (s: StatsSeries | undefined) => (s ? s.points.reduce((n, p) => n + p.value, 0) : 0);
const peak = (s: StatsSeries | undefined) => (s ? Math.max(0, ...s.points.map((p) => p.value)) : 0);
const minutes = (v: number) => `${Math.round(v / 60)} min`;

/** Who played, how long and how often, over a range the admin picks (docs/stats.md). */
export function OverviewPage() {
  const { client } = useSession();
  const [key, setKey] = useState<RangeKey>('7d');
  const range = rangeOf(key);
  const bucket = RANGES[key].bucket;
  const overview = useQuery({
    queryKey: ['admin', 'stats', 'overview', range],
    queryFn: () => client.stats.overview(range),
  });
  // Monthly actives end with this range, whatever its length: DAU / MAU is the stickiness ratio.
  const month = rangeOf('30d');
  const mau = useQuery({
    queryKey: ['admin', 'stats', 'overview', month],
    queryFn: () => client.stats.overview(month),
  });
  const series = useQueries({
    queries: SERIES.map((metric) => ({
      queryKey: ['admin', 'stats', 'series', metric, bucket, range],
      queryFn: () => client.stats.series(metric, bucket, range),
    })),
  });
  const s = Object.fromEntries(SERIES.map((m, i) => [m, series[i]?.data])) as Record<
    StatsMetric,
    StatsSeries | undefined
  >;
  const o = overview.data;
  const days = RANGES[key].days;
  const dau = o ? o.activeUsers / days : 0;
  const ratio = mau.data?.activeUsers ? dau / mau.data.activeUsers : null;

  return (
    <div className="console-page">
      <div className="console-head">
        <h2>Overview</h2>
        <label>
          Range{' '}
          <select value={key} onChange={(e) => setKey(e.target.value as RangeKey)}>
            {Object.entries(RANGES).map(([k, r]) => (
              <option key={k} value={k}>
                {r.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <Problem error={overview.error ?? mau.error ?? series.find((q) => q.error)?.error} />
      {o && (
        <Figures
          label="Figures for the range"
          items={[
            ['Active players', String(o.activeUsers)],
            ['New players', String(o.newUsers)],
            ['Sign-ins', String(o.logins)],
            ['Failed sign-ins', String(o.failedLogins)],
            ['Median session', duration(o.sessions.medianSeconds)],
            ['Games started', String(o.games.started)],
            ['Games finished', String(o.games.finished)],
            ['Chat messages', String(o.chat.messages)],
            ['Most online at once', String(o.peakConcurrentUsers)],
          ]}
        />
      )}
      <div className="chart-grid">
        <Panel title="Sign-ins" figures={[['In the range', String(total(s.logins))]]}>
          {s.logins && (
            <TimeSeriesChart
              label={`Sign-ins per ${bucket}`}
              series={[{ label: 'Sign-ins', points: s.logins.points }]}
            />
          )}
        </Panel>
        <Panel
          title="Active players"
          figures={[
            ['Daily (average)', dau.toFixed(1)],
            ['Monthly', String(mau.data?.activeUsers ?? '—')],
            ['Daily / monthly', percent(ratio)],
          ]}
        >
          {s.active_users && (
            <TimeSeriesChart
              label={`Active players per ${bucket}`}
              series={[{ label: 'Active', points: s.active_users.points }]}
            />
          )}
        </Panel>
        <Panel title="Online at once" figures={[['Peak', String(peak(s.concurrent_users))]]}>
          {s.concurrent_users && (
            <TimeSeriesChart
              label="Players online at once"
              series={[{ label: 'Online', points: s.concurrent_users.points }]}
            />
          )}
        </Panel>
        <Panel
          title="Session length"
          figures={[
            ['Median', duration(o?.sessions.medianSeconds ?? null)],
            ['90th percentile', duration(o?.sessions.p90Seconds ?? null)],
            ['Sessions', String(o?.sessions.count ?? '—')],
          ]}
        >
          {s.session_seconds && (
            <TimeSeriesChart
              label={`Time signed in per ${bucket}`}
              format={minutes}
              series={[{ label: 'Time signed in', points: s.session_seconds.points }]}
            />
          )}
        </Panel>
        <Panel
          title="Games"
          figures={[
            ['Started', String(total(s.games_started))],
            ['Finished', String(total(s.games_finished))],
          ]}
        >
          {s.games_started && s.games_finished && (
            <TimeSeriesChart
              label={`Games started and finished per ${bucket}`}
              series={[
                { label: 'Started', points: s.games_started.points },
                { label: 'Finished', points: s.games_finished.points },
              ]}
            />
          )}
        </Panel>
        <Panel title="Chat" figures={[['Messages sent', String(total(s.chat_messages))]]}>
          {s.chat_messages && (
            <TimeSeriesChart
              label={`Chat messages per ${bucket}`}
              series={[{ label: 'Messages', points: s.chat_messages.points }]}
            />
          )}
        </Panel>
      </div>
      <GamesStartedByType range={range} bucket={bucket} />
      <GamesByTypeTable range={range} />
      <RetentionTable range={range} />
    </div>
  );
}

function Panel({
  title,
  figures,
  children,
}: {
  title: string;
  figures: [string, string][];
  children: React.ReactNode;
}) {
  return (
    <section className="chart-panel" aria-label={title}>
      <h3>{title}</h3>
      <Figures items={figures} />
      {children}
    </section>
  );
}
