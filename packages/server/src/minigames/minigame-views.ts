import type { GameTypeMeta, MinigameGameOutcome, MinigameGameView, MinigameView } from '@parlor/protocol';
import type { GameHistoryEntry } from '../matchmaker/game-record.js';
import type { ConnectionRecord } from './connections-store.js';
import type { MinigameRecord } from './minigames-store.js';

/**
 * How often the game server's room steps a mini-game: it forwards events and applies what the
 * mini-game sent, so this bounds the added latency, not the game's own pace.
 */
export const MINIGAME_TICK_HZ = 10;

export const minigameMeta = (m: MinigameRecord): GameTypeMeta => ({
  id: m.id,
  name: m.name,
  minPlayers: m.minPlayers,
  maxPlayers: m.maxPlayers,
  difficulties: m.difficulties,
  tickHz: MINIGAME_TICK_HZ,
  ...(m.options ? { options: m.options } : {}),
  ...(m.frontend ? { frontend: m.frontend } : {}),
});

export const minigameView = (
  m: MinigameRecord,
  connected: boolean,
  connections: readonly ConnectionRecord[],
): MinigameView => ({
  ...minigameMeta(m),
  studioId: m.studioId,
  connected,
  connections: connections.map((c) => ({
    id: c.id,
    address: c.address,
    protocolVersion: c.protocolVersion,
    connectedAt: c.connectedAt.toISOString(),
    endedAt: c.endedAt?.toISOString() ?? null,
    endReason: c.endReason,
  })),
  plays: m.plays,
  createdAt: m.createdAt.toISOString(),
  updatedAt: m.updatedAt.toISOString(),
});

const outcomeOf = (g: GameHistoryEntry): MinigameGameOutcome => {
  if (g.status === 'finished' || g.status === 'failed') return g.status;
  if (g.status === 'ended') return g.endReason === 'abandoned' ? 'abandoned' : 'ended';
  return 'running';
};

export const minigameGameView = (g: GameHistoryEntry): MinigameGameView => ({
  id: g.id,
  status: g.status,
  outcome: outcomeOf(g),
  players: g.seats,
  createdAt: g.createdAt.toISOString(),
  startedAt: g.startedAt?.toISOString() ?? null,
  endedAt: g.endedAt?.toISOString() ?? null,
  reason: g.endReason,
  code: g.endCode,
});
