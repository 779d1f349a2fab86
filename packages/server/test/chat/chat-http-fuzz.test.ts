import fc from 'fast-check';
import { hostileJson, hostileString } from '../support/hostile-text.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestParlor, type TestParlor } from '../support/test-parlor.js';

let p: TestParlor;
let token: string;
let other: string;
beforeAll(async () => {
  p = await startTestParlor({ PARLOR_CHAT_BURST: '100000', PARLOR_CHAT_MESSAGES_PER_SECOND: '10000' });
  token = (await p.signUp('http_fuzz')).token;
  other = (await p.signUp('http_fuzz_other')).userId;
});
afterAll(() => p.stop());

const bodies = fc.oneof(
  fc.record(
    {
      body: fc.oneof(
        fc.string({ maxLength: 2100 }),
        hostileString({ maxLength: 2100 }),
        fc.integer(),
        fc.constant(null),
      ),
      clientId: fc.oneof(
        fc.string({ maxLength: 70 }),
        hostileString({ maxLength: 70 }),
        fc.uuid(),
        fc.integer(),
      ),
      ttlSeconds: fc.oneof(fc.integer({ min: -5, max: 40 * 86_400 }), fc.double(), fc.string()),
      extra: fc.anything(),
    },
    { requiredKeys: [] },
  ),
  fc.jsonValue(),
  hostileJson(),
);

const envelope = (res: { statusCode: number; json(): unknown }) => {
  expect(res.statusCode).toBeLessThan(500);
  if (res.statusCode >= 400) {
    const body = res.json() as { error: { code: string; message: string } };
    expect(body.error.code).toMatch(/^[A-Z_]+$/);
    expect(body.error.message.length).toBeGreaterThan(0);
  }
};

describe('HTTP bodies and parameters, at random', () => {
  it('post answers 201/200 or a clear 4xx, never a 500', async () => {
    await fc.assert(
      fc.asyncProperty(bodies, fc.constantFrom('lobby', `dm:${other}`), async (body, channel) => {
        const res = await p.call('POST', `/v1/channels/${channel}/messages`, { token, body });
        envelope(res);
      }),
      { numRuns: 150 },
    );
  });

  it('channel ids, seqs and queries at random never cause a 500', async () => {
    const segment = fc.oneof(
      fc.webSegment(),
      hostileString({ maxLength: 40 }),
      fc.constantFrom('lobby', 'dm:', 'game:x', `dm:${other}`, 'lobby\u0000'),
    );
    await fc.assert(
      fc.asyncProperty(segment, fc.webSegment(), fc.webQueryParameters(), async (id, seq, query) => {
        // The UTF-8 bytes, as a client sends them (a lone surrogate has none; it goes as U+FFFD).
        const c = [...Buffer.from(id)].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
        envelope(await p.call('GET', `/v1/channels/${c}/messages?${query}`, { token }));
        envelope(await p.call('DELETE', `/v1/channels/${c}/messages/${encodeURIComponent(seq)}`, { token }));
        envelope(await p.call('GET', `/v1/presence?${query}`, { token }));
      }),
      { numRuns: 100 },
    );
  });

  it('blocks and settings bodies at random never cause a 500', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.jsonValue(), hostileJson()), async (body) => {
        envelope(await p.call('POST', '/v1/blocks', { token, body }));
        envelope(await p.call('PUT', `/v1/channels/dm:${other}/settings`, { token, body }));
      }),
      { numRuns: 100 },
    );
  });
});
