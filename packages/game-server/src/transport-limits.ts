export interface TransportLimits {
  /** Largest frame accepted at all (ws maxPayload). */
  maxPayloadBytes: number;
  /** Largest first frame (hello/resume). */
  firstFrameMaxBytes: number;
  /** Time allowed between opening the socket and a valid first frame (real clients send it at once). */
  helloTimeoutMs: number;
  messageBurst: number;
  messagesPerSecond: number;
  /** Bad or rate-limited messages tolerated (burst, then per second) before disconnecting. */
  strikeBurst: number;
  strikesPerSecond: number;
  keepAliveMs: number;
  /** Sockets without a valid first frame yet, in total and per client address (players' sockets apart). */
  maxPendingSockets: number;
  maxPendingPerAddress: number;
  maxBufferedBytes: number;
}

export function defaultTransportLimits(maxPlayers: number): TransportLimits {
  return {
    maxPayloadBytes: 16 * 1024,
    firstFrameMaxBytes: 1024,
    helloTimeoutMs: 1_500,
    messageBurst: 60,
    messagesPerSecond: 60,
    strikeBurst: 20,
    strikesPerSecond: 1,
    keepAliveMs: 15_000,
    maxPendingSockets: maxPlayers * 2 + 8,
    maxPendingPerAddress: 4,
    maxBufferedBytes: 1024 * 1024,
  };
}
