import type { HttpTransport } from './http-transport.js';
import type { Game, GameCreated, GameTicket, GameTypeMeta } from './types.js';

export interface CreateGameOptions {
  type: string;
  maxPlayers?: number;
  /** Makes a retried create return the first answer; one is made up when omitted. */
  requestId?: string;
}

/** The matchmaker: create, join by passcode, list, rejoin, end. */
export class GamesApi {
  constructor(private readonly http: HttpTransport) {}

  async types(): Promise<GameTypeMeta[]> {
    return (await this.http.request<{ gameTypes: GameTypeMeta[] }>('GET', '/v1/game-types')).gameTypes;
  }

  /**
   * Launches a game server. Sent with an idempotency key, so the 503 retries (and a caller's own
   * retry with the same `requestId`) never launch a second server.
   */
  create(options: CreateGameOptions): Promise<GameCreated> {
    const { requestId = newRequestId(), ...body } = options;
    return this.http.request('POST', '/v1/games', { body, headers: { 'idempotency-key': requestId } });
  }

  join(passcode: string): Promise<GameTicket> {
    // A wrong passcode counts against a rate limit: never retried behind the caller's back.
    return this.http.request('POST', '/v1/games/join', { body: { passcode }, noRetry: true });
  }

  async list(): Promise<Game[]> {
    return (await this.http.request<{ games: Game[] }>('GET', '/v1/games')).games;
  }

  get(id: string): Promise<Game> {
    return this.http.request('GET', `/v1/games/${encodeURIComponent(id)}`);
  }

  /** A fresh connect token for a game I am in (after a reload or a lost socket). */
  connectToken(id: string): Promise<GameTicket> {
    return this.http.request('POST', `/v1/games/${encodeURIComponent(id)}/connect-token`);
  }

  end(id: string): Promise<void> {
    return this.http.request('DELETE', `/v1/games/${encodeURIComponent(id)}`);
  }
}

function newRequestId(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return `sdk-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
