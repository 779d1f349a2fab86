import { expect } from 'vitest';
import type { GameClient } from '@parlor/sdk';
import { createStudio } from '../../server/test/support/studios.js';
import { client } from '../../server/test/support/live.js';
import type { TestParlor } from '../../server/test/support/test-parlor.js';

/** A new owner and studio register a mini-game: its key (shown once) and who owns it. */
export async function registerMinigame(p: TestParlor, id: string, difficulties = ['easy']) {
  const owner = await p.signUp(`${id.replace(/-/g, '_')}_owner`);
  const studio = await createStudio(p, owner.token, `${id} studio`);
  const body = { id, name: id, minPlayers: 2, maxPlayers: 2, difficulties };
  const reg = await p.call('POST', `/v1/studios/${studio.id}/minigames`, { token: owner.token, body });
  expect(reg.statusCode, reg.body).toBe(201);
  return { owner, studio, key: reg.json().apiKey as { id: string; key: string } };
}

/** The owner creates a game of `type`; a new user joins it: their two (unconnected) clients. */
export async function twoPlayers(p: TestParlor, ownerToken: string, type: string, friendName: string) {
  const created = await p.call('POST', '/v1/games', { token: ownerToken, body: { type } });
  expect(created.statusCode, created.body).toBe(201);
  const friend = await p.signUp(friendName);
  const joined = await p.call('POST', '/v1/games/join', {
    token: friend.token,
    body: { passcode: created.json().passcode },
  });
  return { host: client(created.json()), other: client(joined.json()) } satisfies Record<string, GameClient>;
}
