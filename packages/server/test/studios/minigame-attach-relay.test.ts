import type { MinigameAttachRequest } from '@parlor/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalBus } from '../../src/bus/index.js';
import { AttachRelay } from '../../src/minigames/attach-relay.js';
import { createLogger } from '../../src/platform/logger.js';

// Three nodes on one in-process bus; `holds` says which node has a server of the mini-game.
function cluster(holds: Record<string, boolean>, listening = Object.keys(holds)) {
  const bus = new LocalBus();
  const delivered: string[] = [];
  const relays = Object.keys(holds).map(
    (nodeId) =>
      new AttachRelay({
        bus,
        nodeId,
        log: createLogger('silent'),
        sendHere: () => {
          if (!holds[nodeId]) return false;
          delivered.push(nodeId);
          return true;
        },
        nodesOf: async () => Object.keys(holds).filter((n) => holds[n]),
        replyWaitMs: 200,
      }),
  );
  const started = Promise.all(
    relays.filter((_, i) => listening.includes(Object.keys(holds)[i]!)).map((r) => r.start()),
  );
  return { bus, relays, delivered, started };
}

const frame = (gameId: string): MinigameAttachRequest => ({
  type: 'attach',
  gameId,
  path: `/v1/games/${gameId}/socket`,
  token: 't',
  expiresAt: new Date(0).toISOString(),
});

let open: LocalBus[] = [];
afterEach(async () => {
  await Promise.all(open.map((b) => b.close()));
  open = [];
});

describe('attach requests between nodes', () => {
  it('reach exactly one holder, the same one for the same game, and none twice', async () => {
    const c = cluster({ asker: false, x: true, y: true });
    open.push(c.bus);
    await c.started;
    for (const gameId of ['g1', 'g1', 'g2', 'g3', 'g4', 'g5'])
      expect(await c.relays[0]!.attach('duel', frame(gameId))).toBe(true);
    expect(c.delivered).toHaveLength(6);
    expect(c.delivered[0]).toBe(c.delivered[1]);
  });

  it('prefer a server on the asking node itself', async () => {
    const c = cluster({ asker: true, x: true });
    open.push(c.bus);
    await c.started;
    expect(await c.relays[0]!.attach('duel', frame('g1'))).toBe(true);
    expect(c.delivered).toEqual(['asker']);
  });

  it('answer false when the node presence names does not answer, and when none holds one', async () => {
    const silent = cluster({ asker: false, gone: true }, ['asker']);
    open.push(silent.bus);
    await silent.started;
    expect(await silent.relays[0]!.attach('duel', frame('g1'))).toBe(false);
    const none = cluster({ asker: false, x: false });
    open.push(none.bus);
    await none.started;
    expect(await none.relays[0]!.attach('duel', frame('g1'))).toBe(false);
    expect([...silent.delivered, ...none.delivered]).toEqual([]);
  });
});
