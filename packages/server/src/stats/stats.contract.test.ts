import type { StatsSeries } from '@parlor/protocol';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORAGE_DRIVERS } from '../../test/support/test-db.js';
import { ManualClock } from '../platform/clock.js';
import { createLogger } from '../platform/logger.js';
import type { Db } from '../storage/db.js';
import { createStatsFeature, type StatsFeature } from './stats-feature.js';

// The same ten days of engagement recorded on every driver must give the same answers from
// every query, before the rollup, after it, and (for whole days) after compaction.

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 2, 2); // a Monday
const DAYS = 10;
const USERS = 24;
const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const user = (i: number) => uuid(1000 + i);

type Step = { at: number; run: (s: StatsFeature) => Promise<unknown> };

/** A fixed pattern of registrations, sessions, sockets, chat and games over ten days. */
function scenario(): Step[] {
  const steps: Step[] = [];
  const add = (at: number, run: Step['run']) => steps.push({ at, run });
  for (let i = 0; i < USERS; i++) {
    add(T0 + i * 37 * MIN, (s) => s.recorder.registered({ userId: user(i), usernameKey: `user${i}` }));
  }
  let session = 0;
  for (let day = 0; day < DAYS; day++) {
    for (let i = 0; i < USERS; i++) {
      if ((i * 7 + day * 3) % 5 >= 3) continue;
      const start = T0 + day * DAY + 16 * HOUR + ((i * 41) % 600) * MIN;
      const sessionId = uuid(++session);
      const userId = user(i);
      add(start, (s) => s.recorder.loggedIn({ userId, sessionId, expiresAt: new Date(start + 12 * HOUR) }));
      add(start + 20 * MIN, (s) => s.recorder.sessionUsed({ userId, sessionId }));
      add(start + 25 * MIN, (s) => s.recorder.socketConnected({ userId, connectionId: `c${session}` }));
      add(start + 26 * MIN, (s) => s.sample());
      const kind = (['lobby', 'game', 'dm'] as const)[i % 3]!;
      add(start + 30 * MIN, (s) => s.recorder.chatMessagePosted({ userId, channelKind: kind }));
      add(start + 50 * MIN + i * 1000, (s) => s.recorder.socketClosed({ connectionId: `c${session}` }));
      if (i % 2 === 0)
        add(start + 70 * MIN + i * 1000, (s) =>
          s.recorder.sessionsEnded({ userId, sessionIds: [sessionId], reason: 'logout' }),
        );
      if (i % 7 === 3) add(start + 71 * MIN, (s) => s.recorder.loginFailed({ userId }));
    }
    for (let g = 0; g < 3; g++) {
      const gameId = uuid(900_000 + day * 10 + g);
      const type = g === 2 ? 'word-duel' : 'gem-rush';
      const start = T0 + day * DAY + (9 + g * 5) * HOUR;
      const players = [0, 1, 2]
        .slice(0, 2 + (g % 2))
        .map((k) => ({ userId: user((day + g + k * 5) % USERS), rank: k + 1 }));
      const status = (['finished', 'failed', 'abandoned'] as const)[(day + g) % 3]!;
      add(start, (s) => s.recorder.gameCreated({ gameId, type }));
      if (status !== 'abandoned') add(start + 5 * MIN, (s) => s.recorder.gameStarted({ gameId, type }));
      add(start + (20 + day) * MIN, (s) =>
        s.recorder.gameEnded({
          gameId,
          type,
          status,
          startedAt: status === 'abandoned' ? null : new Date(start + 5 * MIN),
          players,
        }),
      );
    }
  }
  return steps.sort((a, b) => a.at - b.at);
}

async function answers(s: StatsFeature) {
  const q = s.queries;
  const day = (d: number) => ({
    from: new Date(T0 + d * DAY).toISOString(),
    to: new Date(T0 + (d + 1) * DAY).toISOString(),
  });
  const all = { from: new Date(T0).toISOString(), to: new Date(T0 + DAYS * DAY).toISOString() };
  const out: Record<string, unknown> = {
    overview: await q.overview(all),
    days: await Promise.all([0, 3, 9].map((d) => q.overview(day(d)))),
    retentionDay: await q.retention({ cohort: 'day', ...all }),
    retentionWeek: await q.retention({ cohort: 'week', ...all }),
    games: await q.games(all),
    users: await Promise.all([0, 5, 11].map((i) => q.user(user(i)))),
  };
  for (const metric of [
    'logins',
    'active_users',
    'session_seconds',
    'concurrent_users',
    'games_finished',
    'chat_messages',
  ] as const) {
    for (const bucket of ['day', 'week'] as const)
      out[`${metric}/${bucket}`] = (await q.series({ metric, bucket, ...all })).points;
    out[`${metric}/hour`] = (await q.series({ metric, bucket: 'hour', ...day(4) })).points;
  }
  for (const metric of ['games_created', 'games_started', 'games_finished'] as const)
    for (const bucket of ['day', 'week'] as const)
      out[`${metric}/${bucket}/by-type`] = await q.series({ metric, bucket, by: 'type', ...all });
  return out;
}

let first: Record<string, unknown> | undefined;

for (const driver of STORAGE_DRIVERS) {
  describe.skipIf(Boolean(driver.skip))(
    `stats contract: ${driver.name}${driver.skip ? ` (${driver.skip})` : ''}`,
    () => {
      let db: Db;
      let stats: StatsFeature;
      const clock = new ManualClock(T0);
      beforeAll(async () => {
        db = await driver.open();
        stats = createStatsFeature({
          db,
          clock,
          logger: createLogger('silent'),
          nodeId: 'contract-node',
          registry: new Registry(),
          retentionDays: 1,
          sampleSeconds: 60,
          sessionIdleMs: HOUR,
        });
        for (const step of scenario()) {
          clock.advance(step.at - clock.nowMs());
          await step.run(stats);
        }
        clock.advance(T0 + (DAYS + 1) * DAY + HOUR - clock.nowMs());
        // Sessions left open expire; the day's rollup has not run yet.
        await stats.sweepTasks.find((t) => t.name === 'stats-expired-sessions')!.run();
      });
      afterAll(() => db?.close());

      it('answers the same from raw events, from rollups, and after compaction', async () => {
        const raw = await answers(stats);
        const overview = raw.overview as {
          activeUsers: number;
          peakConcurrentUsers: number;
          sessions: { totalSeconds: number };
        };
        expect(overview.activeUsers).toBe(USERS);
        expect(overview.peakConcurrentUsers).toBeGreaterThan(0);
        expect(overview.sessions.totalSeconds).toBeGreaterThan(0);
        expect(raw.overview).toMatchObject({
          newUsers: USERS,
          games: { created: 30, finished: 10, failed: 10, abandoned: 10 },
        });
        // Ten days, three games a day: two gem-rush and one word-duel, every day present.
        const byType = raw['games_created/day/by-type'] as StatsSeries;
        expect(byType.series?.map((s) => s.type)).toEqual(['gem-rush', 'word-duel']);
        expect(byType.series?.map((s) => s.points.map((p) => p.value))).toEqual([
          Array(DAYS).fill(2),
          Array(DAYS).fill(1),
        ]);
        expect(byType.points.map((p) => p.value)).toEqual(Array(DAYS).fill(3));
        for (const task of stats.sweepTasks.filter((t) => t.name === 'stats-rollup')) await task.run();
        expect(await answers(stats)).toEqual(raw);
        for (const task of stats.sweepTasks.filter((t) => t.name === 'stats-compaction'))
          expect(await task.run()).toBeGreaterThan(0);
        expect(await answers(stats)).toEqual(raw);
        // The same on every driver.
        if (first) expect(raw).toEqual(first);
        else first = raw;
      });
    },
  );
}
