import type { GameErrorCode, ServerMessage } from '@parlor/protocol';

export interface Farewell {
  code: GameErrorCode;
  message?: string;
}

/** What the room sees of a player's socket; the transport decides how. */
export interface PlayerConnection {
  send(message: ServerMessage): void;
  /** The same message to many players: encoded once by the caller (encodeFrame). */
  sendFrame(frame: Uint8Array): void;
  /** Sends `closing` (when given) and closes. Closing twice is harmless. */
  close(farewell?: Farewell): void;
}
