import { z } from 'zod';
import { text } from './text.js';

const DAY_MS = 86_400_000;
/** The longest range any stats query takes (a year and a month of slack). */
export const STATS_MAX_RANGE_DAYS = 400;
/** The longest range of an hourly series: 744 points. */
export const STATS_MAX_HOURLY_RANGE_DAYS = 31;

/** A UTC instant in ISO-8601 with `Z` (`2026-03-01T00:00:00Z`, milliseconds allowed). */
export const UtcInstant = z.iso.datetime({ message: 'a UTC ISO-8601 time ending in Z' });

const range = { from: UtcInstant, to: UtcInstant };

type Range = { from: string; to: string };
const checkRange = (maxDays: (r: never) => number) => (r: Range, ctx: z.RefinementCtx) => {
  const length = Date.parse(r.to) - Date.parse(r.from);
  if (!(length > 0)) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
  const max = maxDays(r as never);
  if (length > max * DAY_MS)
    ctx.addIssue({ code: 'custom', path: ['to'], message: `at most ${max} days after from` });
};

export const StatsRangeQuery = z.strictObject(range).superRefine(checkRange(() => STATS_MAX_RANGE_DAYS));
export type StatsRangeQuery = z.infer<typeof StatsRangeQuery>;

export const StatsBucket = z.enum(['hour', 'day', 'week']);
export type StatsBucket = z.infer<typeof StatsBucket>;

export const StatsMetric = z.enum([
  'logins',
  'failed_logins',
  'active_users',
  'new_users',
  'sessions',
  'session_seconds',
  'concurrent_users',
  'games_created',
  'games_started',
  'games_finished',
  'games_failed',
  'games_abandoned',
  'chat_messages',
]);
export type StatsMetric = z.infer<typeof StatsMetric>;

/** The game metrics a series can split by game type (`by=type`). */
export const STATS_METRICS_BY_TYPE = [
  'games_created',
  'games_started',
  'games_finished',
  'games_failed',
  'games_abandoned',
] as const satisfies readonly StatsMetric[];

export const StatsSeriesQuery = z
  .strictObject({ metric: StatsMetric, bucket: StatsBucket, ...range, by: z.enum(['type']).optional() })
  .superRefine(
    checkRange((q: { bucket: StatsBucket }) =>
      q.bucket === 'hour' ? STATS_MAX_HOURLY_RANGE_DAYS : STATS_MAX_RANGE_DAYS,
    ),
  )
  .superRefine((q, ctx) => {
    if (q.by && !(STATS_METRICS_BY_TYPE as readonly StatsMetric[]).includes(q.metric))
      ctx.addIssue({ code: 'custom', path: ['by'], message: 'by=type is for the games_* metrics only' });
  });
export type StatsSeriesQuery = z.infer<typeof StatsSeriesQuery>;

export const StatsRetentionQuery = z
  .strictObject({ cohort: z.enum(['day', 'week']), ...range })
  .superRefine(checkRange(() => STATS_MAX_RANGE_DAYS));
export type StatsRetentionQuery = z.infer<typeof StatsRetentionQuery>;

/** `/games` takes a range too; without one it covers the last 365 days. */
export const StatsGamesQuery = z
  .strictObject({ from: UtcInstant.optional(), to: UtcInstant.optional() })
  .superRefine((q, ctx) => {
    if ((q.from === undefined) !== (q.to === undefined))
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'give both from and to, or neither' });
    else if (q.from && q.to) checkRange(() => STATS_MAX_RANGE_DAYS)({ from: q.from, to: q.to }, ctx);
  });
export type StatsGamesQuery = z.infer<typeof StatsGamesQuery>;

/** Lengths in seconds; medians and p90s to two significant figures, null when nothing ended. */
export const StatsOverview = z.object({
  from: z.string(),
  to: z.string(),
  activeUsers: z.number(),
  newUsers: z.number(),
  logins: z.number(),
  failedLogins: z.number(),
  sessions: z.object({
    count: z.number(),
    totalSeconds: z.number(),
    medianSeconds: z.number().nullable(),
    p90Seconds: z.number().nullable(),
  }),
  games: z.object({
    created: z.number(),
    started: z.number(),
    finished: z.number(),
    failed: z.number(),
    abandoned: z.number(),
    medianSeconds: z.number().nullable(),
  }),
  chat: z.object({ messages: z.number() }),
  peakConcurrentUsers: z.number(),
});
export type StatsOverview = z.infer<typeof StatsOverview>;

const StatsPoints = z.array(z.object({ at: z.string(), value: z.number() }));

export const StatsSeries = z.object({
  metric: StatsMetric,
  bucket: StatsBucket,
  from: z.string(),
  to: z.string(),
  /** Every type together (what the answer was before `by=type`). */
  points: StatsPoints,
  /** With `by=type` only: one series per game type seen in the range, sorted by type, every bucket present. */
  series: z.array(z.object({ type: z.string(), points: StatsPoints })).optional(),
});
export type StatsSeries = z.infer<typeof StatsSeries>;

/** Share (0..1) of a cohort active again N days after registering; null until that day is over. */
export const StatsRetention = z.object({
  cohort: z.enum(['day', 'week']),
  from: z.string(),
  to: z.string(),
  cohorts: z.array(
    z.object({
      at: z.string(),
      users: z.number(),
      day1: z.number().nullable(),
      day7: z.number().nullable(),
      day30: z.number().nullable(),
    }),
  ),
});
export type StatsRetention = z.infer<typeof StatsRetention>;

export const StatsGames = z.object({
  from: z.string(),
  to: z.string(),
  types: z.array(
    z.object({
      type: z.string(),
      games: z.number(),
      players: z.number(),
      medianSeconds: z.number().nullable(),
      completionRate: z.number().nullable(),
    }),
  ),
});
export type StatsGames = z.infer<typeof StatsGames>;

export const UserStats = z.object({
  logins: z.number(),
  lastLoginAt: z.string().nullable(),
  lastSeenAt: z.string().nullable(),
  sessions: z.number(),
  sessionSeconds: z.number(),
  gamesPlayed: z.number(),
  gamesWon: z.number(),
  chatMessages: z.number(),
});
export type UserStats = z.infer<typeof UserStats>;

/** Columns the admin user list sorts by. */
export const UserSort = z.enum([
  'username',
  'createdAt',
  'logins',
  'lastLoginAt',
  'lastSeenAt',
  'sessions',
  'sessionSeconds',
  'gamesPlayed',
  'gamesWon',
  'chatMessages',
]);
export type UserSort = z.infer<typeof UserSort>;

/** `GET /v1/admin/users`: search by name, sort by any figure; `after` is the previous page's `next`. */
export const AdminUserListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  after: text().max(64).optional(),
  q: text()
    .min(1)
    .max(32)
    .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only')
    .optional(),
  sort: UserSort.default('username'),
  order: z.enum(['asc', 'desc']).default('asc'),
});
export type AdminUserListQuery = z.infer<typeof AdminUserListQuery>;

export const AdminUserListItem = z.object({
  id: z.string(),
  username: z.string(),
  createdAt: z.string(),
  disabled: z.boolean().optional(),
  stats: UserStats,
});
export const AdminUserList = z.object({ users: z.array(AdminUserListItem), next: z.string().nullable() });
export type AdminUserList = z.infer<typeof AdminUserList>;
