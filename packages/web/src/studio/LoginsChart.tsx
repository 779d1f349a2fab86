import type { StudioUsage } from '@parlor/sdk';
import { useMemo } from 'react';
import { TimeSeriesChart, type ChartSeries } from '../charts/TimeSeriesChart.js';

const DAY_MS = 86_400_000;

/** The last 30 UTC days with a point for every day: the API leaves days without logins out. */
export function dailyPoints(byDay: StudioUsage['logins']['byDay'], nowMs: number) {
  const counts = new Map(byDay.map((d) => [d.day.slice(0, 10), d.logins]));
  const today = Math.floor(nowMs / DAY_MS) * DAY_MS;
  return Array.from({ length: 30 }, (_, i) => {
    const at = new Date(today - (29 - i) * DAY_MS).toISOString();
    return { at, value: counts.get(at.slice(0, 10)) ?? 0 };
  });
}

/** Logins per day over the last 30 days, with today's and the month's figures as text. */
export function LoginsChart({ logins }: { logins: StudioUsage['logins'] }) {
  const series = useMemo<ChartSeries[]>(
    () => [{ label: 'Logins', points: dailyPoints(logins.byDay, Date.now()) }],
    [logins.byDay],
  );
  return (
    <>
      <p className="usage-figures">
        <strong>{logins.today}</strong> today · <strong>{logins.last30Days}</strong> in the last 30 days
      </p>
      <TimeSeriesChart label="Logins per day over the last 30 days" series={series} height={160} />
    </>
  );
}
