import type { ServerFrame } from '@parlor/protocol';

/**
 * One client's realtime connection as chat and presence see it; the transport (ws today) maps its
 * native socket onto this, so nothing above it imports `ws`.
 */
export interface Connection {
  readonly id: string;
  /** Queues a frame; silently dropped once the connection is closing. */
  send(frame: ServerFrame): void;
  /** Closes with a WebSocket close code; idempotent. */
  close(code: number, reason: string): void;
}
