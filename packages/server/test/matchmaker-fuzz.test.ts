import fc from 'fast-check';
import { hostileJson, hostileString } from './support/hostile-text.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeLauncher } from './support/fake-launcher.js';
import { createGame, gameServerOf, readyOnLaunch } from './support/games.js';
import { startTestParlor, type TestParlor } from './support/test-parlor.js';

let p: TestParlor;
let fake: FakeLauncher;
let token: string;
let gameId: string;
let reportingToken: string;
beforeAll(async () => {
  fake = new FakeLauncher();
  p = await startTestParlor(
    {
      PARLOR_JOIN_PER_MINUTE_USER: '10000',
      PARLOR_JOIN_PER_MINUTE_IP: '100000',
      PARLOR_MAX_GAMES_PER_USER: '1000',
    },
    { launcher: fake },
  );
  readyOnLaunch(p, fake);
  token = (await p.signUp('fuzzer')).token;
  gameId = (await createGame(p, token)).gameId;
  reportingToken = gameServerOf(p, fake).tokenOf(gameId);
});
afterAll(() => p.stop());

// Anything JSON can carry, with the field names the schemas know mixed in.
const fields = fc.constantFrom(
  'type',
  'maxPlayers',
  'requestId',
  'passcode',
  'port',
  'players',
  'phase',
  'status',
  'difficulty',
  'results',
  'x',
);
const body = fc.oneof(
  fc.jsonValue(),
  hostileJson(),
  fc.dictionary(fields, fc.jsonValue()),
  fc.record({
    type: fc.oneof(fc.string(), fc.constant('gem-rush')),
    maxPlayers: fc.oneof(fc.integer(), fc.double()),
  }),
  fc.record({
    status: fc.constantFrom('in_progress', 'finished', 'nope'),
    difficulty: fc.oneof(fc.string(), hostileString()),
    results: fc.jsonValue(),
  }),
);
const noServerError = (status: number) => expect(status).toBeLessThan(500);

describe('input schemas never produce a 500', () => {
  it('POST /v1/games and /v1/games/join', async () => {
    await fc.assert(
      fc.asyncProperty(body, fc.string(), async (payload, key) => {
        const headers: Record<string, string> = /^[\x21-\x7e]*$/.test(key) ? { 'idempotency-key': key } : {};
        const create = await p.call('POST', '/v1/games', { token, body: payload as object, headers });
        // A valid create may fill the user's slots; end what it made so the run can go on.
        if (create.statusCode === 201) await p.call('DELETE', `/v1/games/${create.json().gameId}`, { token });
        else noServerError(create.statusCode);
        noServerError(
          (await p.call('POST', '/v1/games/join', { token, body: payload as object })).statusCode,
        );
      }),
      { numRuns: 60 },
    );
  });

  it('the internal report endpoints, with and without the token, on any id', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('ready', 'heartbeat', 'status'),
        body,
        fc.oneof(fc.constant(gameId), fc.uuid(), fc.string({ maxLength: 40 })),
        fc.boolean(),
        async (kind, payload, id, withToken) => {
          const res = await p.call('POST', `/v1/internal/games/${encodeURIComponent(id)}/${kind}`, {
            ...(withToken ? { token: reportingToken } : {}),
            body: payload as object,
          });
          noServerError(res.statusCode);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('the passcode field, any string', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string({ maxLength: 80 }), hostileString({ maxLength: 80 })),
        async (passcode) => {
          const res = await p.call('POST', '/v1/games/join', { token, body: { passcode } });
          expect([400, 403, 409]).toContain(res.statusCode);
        },
      ),
      { numRuns: 100 },
    );
  });
});
