import type { GameClientOptions } from './game-client.js';
import { AdminApi, KeysApi } from './rest/admin-api.js';
import { StatsApi } from './rest/stats-api.js';
import { StudiosApi } from './rest/studios-api.js';
import { ChatApi } from './rest/chat-api.js';
import { GamesApi } from './rest/games-api.js';
import { HttpTransport, type FetchLike } from './rest/http-transport.js';
import { IdentityApi } from './rest/identity-api.js';
import type { GameTicket } from './rest/types.js';
import type { ParlorError } from './parlor-error.js';
import { RealtimeClient, type RealtimeClientOptions } from './realtime-client.js';
import type { WebSocketConstructor } from './websocket-like.js';

export interface ParlorClientOptions {
  /** The Parlor's origin, e.g. `https://parlor.example`; empty in a page served by that Parlor. */
  baseUrl?: string;
  /** A session token kept from an earlier sign-in. */
  token?: string | null;
  /** The browser's WebSocket is used when omitted; in Node pass `WebSocket` from the `ws` package. */
  WebSocket?: WebSocketConstructor;
  fetch?: FetchLike;
  /** Retries of a 429/503 after its Retry-After (default 2; waits over 10 s are not retried). */
  maxRetries?: number;
  /** The server ended this session (a 401 on a call that carried a token). */
  onUnauthenticated?: (err: ParlorError) => void;
}

/**
 * The whole REST API, grouped by area, the realtime socket, and options for game sockets. One instance per
 * signed-in person: it holds the session token.
 */
export class ParlorClient {
  readonly identity: IdentityApi;
  readonly games: GamesApi;
  readonly chat: ChatApi;
  readonly admin: AdminApi;
  readonly keys: KeysApi;
  /** Engagement stats, for admins. */
  readonly stats: StatsApi;
  /** Studios, plans, studio keys and usage. */
  readonly studios: StudiosApi;
  private readonly http: HttpTransport;

  constructor(private readonly o: ParlorClientOptions = {}) {
    this.http = new HttpTransport({
      baseUrl: o.baseUrl ?? '',
      token: o.token,
      fetch: o.fetch,
      maxRetries: o.maxRetries,
      onUnauthenticated: o.onUnauthenticated,
    });
    this.identity = new IdentityApi(this.http);
    this.games = new GamesApi(this.http);
    this.chat = new ChatApi(this.http);
    this.admin = new AdminApi(this.http);
    this.keys = new KeysApi(this.http);
    this.stats = new StatsApi(this.http);
    this.studios = new StudiosApi(this.http);
  }

  get token(): string | null {
    return this.http.token;
  }

  set token(token: string | null) {
    this.http.token = token;
  }

  /** The realtime socket (chat, presence, game notices) for the current session. */
  realtime(options: Partial<RealtimeClientOptions> = {}): RealtimeClient {
    if (!this.token) throw new Error('Sign in first');
    return new RealtimeClient({
      url: `${wsOrigin(this.http.baseUrl)}/v1/realtime`,
      token: this.token,
      WebSocket: this.webSocket(),
      ...options,
    });
  }

  /**
   * What `new GameClient(...)` needs for a ticket from `games.create`, `games.join` or
   * `games.connectToken`. (A factory rather than a method returning a GameClient, so a web page
   * that has not opened a game yet does not download the game socket's codec and schemas.)
   */
  gameOptions(ticket: GameTicket, options: { autoResume?: boolean } = {}): GameClientOptions {
    return {
      url: absoluteWs(ticket.url, this.http.baseUrl),
      token: ticket.connectToken,
      WebSocket: this.webSocket(),
      ...options,
    };
  }

  private webSocket(): WebSocketConstructor {
    const ctor = this.o.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (!ctor) throw new Error('No WebSocket here: pass one (e.g. from the ws package)');
    return ctor;
  }
}

/** `http(s)://host` → `ws(s)://host`; in a page with no base URL, the page's own origin. */
function wsOrigin(baseUrl: string): string {
  const origin = baseUrl || (globalThis as { location?: { origin: string } }).location?.origin || '';
  return origin.replace(/^http/, 'ws');
}

/** The matchmaker may answer a path on this origin (`/v1/games/{id}/socket`) or a full URL. */
function absoluteWs(url: string, baseUrl: string): string {
  return url.startsWith('/') ? wsOrigin(baseUrl) + url : url;
}
