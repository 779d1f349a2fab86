import type { GameStatus } from '@parlor/protocol';

/** A game as the stores return it, and what a new one starts with. */
export const LIVE_STATUSES: readonly GameStatus[] = ['launching', 'waiting', 'in_progress'];
export type EndStatus = 'finished' | 'failed' | 'ended';

export interface GameRecord {
  id: string;
  type: string;
  status: GameStatus;
  hostId: string;
  maxPlayers: number;
  difficulty: string | null;
  requestId: string | null;
  reportingTokenHash: string | null;
  connectKeySealed: string | null;
  launcherScope: string;
  publicHost: string | null;
  publicPort: number | null;
  url: string | null;
  /** Where the control plane reaches the server to relay sockets (docs/deploy-behind-a-proxy.md). */
  privateHost: string | null;
  privatePort: number | null;
  playersOnline: number;
  createdAt: Date;
  readyAt: Date | null;
  startedAt: Date | null;
  endedAt: Date | null;
  lastHeartbeatAt: Date | null;
  endReason: string | null;
  /** The catalogue code the game server reported with a failure; null otherwise. */
  endCode: string | null;
  summary: string | null;
}

export interface NewGame {
  id: string;
  type: string;
  hostId: string;
  maxPlayers: number;
  requestId: string | null;
  reportingTokenHash: string;
  connectKeySealed: string;
  passcodeHash: string;
  launcherScope: string;
  createdAt: Date;
}

/** A game as its type's owners may read it: when, how it ended and why; no player's identity. */
export type GameHistoryEntry = Pick<
  GameRecord,
  'id' | 'status' | 'createdAt' | 'startedAt' | 'endedAt' | 'endReason' | 'endCode'
> & { seats: number };
