import type { LightMyRequestResponse } from 'fastify';
import type { FakeLauncher } from './fake-launcher.js';
import type { TestParlor } from './test-parlor.js';

/** Plays the game server's side of the report contract for a fake-launched game. */
export function gameServerOf(p: TestParlor, fake: FakeLauncher) {
  const tokenOf = (gameId: string) => fake.specs.get(gameId)!.secrets.reportingToken;
  const report = (
    gameId: string,
    kind: 'ready' | 'heartbeat' | 'status' | 'host' | 'revocations',
    body: unknown,
    token: string = tokenOf(gameId),
  ): Promise<LightMyRequestResponse> =>
    p.call('POST', `/v1/internal/games/${gameId}/${kind}`, { token, body });
  return { report, tokenOf };
}

/**
 * Every launch reports ready at once, as a healthy server would — retrying a 503, which the
 * matchmaker answers while it has not yet stored the launcher's address (as the real game
 * server does; on a slower database the report can overtake that write).
 */
export function readyOnLaunch(p: TestParlor, fake: FakeLauncher): void {
  const { report } = gameServerOf(p, fake);
  fake.onLaunch = async (spec) => {
    for (let attempt = 0; attempt < 100; attempt++) {
      if ((await report(spec.gameId, 'ready', { port: 40_000 })).statusCode !== 503) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
}

/** Creates a game as `token`'s user; returns the parsed 201 body. */
export async function createGame(p: TestParlor, token: string, body: Record<string, unknown> = {}) {
  const res = await p.call('POST', '/v1/games', { token, body: { type: 'gem-rush', ...body } });
  if (res.statusCode !== 201) throw new Error(`create failed: ${res.statusCode} ${res.body}`);
  return res.json() as { gameId: string; url: string; connectToken: string; passcode: string };
}
