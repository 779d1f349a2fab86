export interface TransportLimits {
  /** Largest frame accepted at all (ws maxPayload). */
  maxPayloadBytes: number;
  /** Largest first frame (hello/resume). */
  firstFrameMaxBytes: number;
  /** Time allowed between opening the socket and a valid first frame. */
  helloTimeoutMs: number;
  messageBurst: number;
  messagesPerSecond: number;
  /** Bad or rate-limited messages tolerated (burst, then per second) before disconnecting. */
  strikeBurst: number;
  strikesPerSecond: number;
  keepAliveMs: number;
  maxConnections: number;
  maxBufferedBytes: number;
}

export function defaultTransportLimits(maxPlayers: number): TransportLimits {
  return {
    maxPayloadBytes: 16 * 1024,
    firstFrameMaxBytes: 1024,
    helloTimeoutMs: 5_000,
    messageBurst: 60,
    messagesPerSecond: 60,
    strikeBurst: 20,
    strikesPerSecond: 1,
    keepAliveMs: 15_000,
    maxConnections: maxPlayers * 2 + 16,
    maxBufferedBytes: 1024 * 1024,
  };
}
