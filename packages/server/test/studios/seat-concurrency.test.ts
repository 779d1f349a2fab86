import { describe, expect, it } from 'vitest';
import { changePlan, createStudio, report, studioKey, usageOf } from '../support/studios.js';
import { STORAGE_DRIVERS } from '../support/test-db.js';
import { startTestParlor } from '../support/test-parlor.js';

// The limit must hold when many first reports arrive together, on each database driver. Slow on a
// loaded machine (PGlite runs one transaction at a time), hence the long timeout.
describe.each(STORAGE_DRIVERS)('plan limits under concurrency on $name', ({ open, skip }) => {
  it.skipIf(Boolean(skip))(
    '50 new players reported at once against room for 10 leave exactly 10 active',
    async () => {
      const db = await open();
      const p = await startTestParlor(
        { PARLOR_PLANS: 'ten:10,twenty:20', PARLOR_METRICS_REPORTS_PER_SECOND: '10000' },
        { db },
      );
      try {
        const owner = await p.signUp('crowd_owner');
        const studio = await createStudio(p, owner.token);
        const { key } = await studioKey(p, owner.token, studio.id);
        const answers = await Promise.all(
          Array.from({ length: 50 }, (_, i) => report(p, key, { userId: `crowd-${i}` })),
        );
        expect(answers.map((r) => r.statusCode)).toEqual(Array(50).fill(200));
        expect(answers.filter((r) => r.json().active)).toHaveLength(10);
        expect(await usageOf(p, owner.token, studio.id)).toMatchObject({
          activePlayers: 10,
          inactivePlayers: 40,
        });

        // An upgrade racing 20 more new players still seats exactly up to the new limit.
        const [upgraded] = await Promise.all([
          changePlan(p, owner.token, studio.id, 'twenty'),
          ...Array.from({ length: 20 }, (_, i) => report(p, key, { userId: `late-${i}` })),
        ]);
        expect(upgraded.plan.id).toBe('twenty');
        expect(await usageOf(p, owner.token, studio.id)).toMatchObject({
          activePlayers: 20,
          inactivePlayers: 50,
        });
      } finally {
        await p.stop();
        await db.close();
      }
    },
    180_000,
  );
});
