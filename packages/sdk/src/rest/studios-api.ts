import type {
  ChangePlanRequest,
  CreateStudioKeyRequest,
  LoginReported,
  MinigameCreated,
  MinigameGameView,
  MinigameView,
  PlanChanged,
  PlansView,
  RegisterMinigameRequest,
  ReportLoginRequest,
  StudioKeyCreated,
  StudioKeyView,
  StudioPlayersView,
  StudioView,
  UsageView,
} from '@parlor/protocol';
import type { z } from 'zod';
import type { HttpTransport } from './http-transport.js';

export type Studio = StudioView;
export type Plans = z.infer<typeof PlansView>;
export type PlanChange = z.infer<typeof PlanChanged>;
export type StudioKey = z.infer<typeof StudioKeyView>;
export type StudioKeyWithSecret = z.infer<typeof StudioKeyCreated>;
export type NewStudioKey = z.infer<typeof CreateStudioKeyRequest>;
export type StudioUsage = UsageView;
export type StudioPlayerPage = z.infer<typeof StudioPlayersView>;
export type LoginReport = z.infer<typeof ReportLoginRequest>;
export type Minigame = MinigameView;
export type NewMinigame = z.input<typeof RegisterMinigameRequest>;
export type MinigameWithKey = z.infer<typeof MinigameCreated>;
export type MinigameGame = MinigameGameView;
export interface PlayerPageQuery {
  active?: boolean;
  limit?: number;
  /** The `next` of the previous page. */
  after?: string;
}

const at = (id: string) => `/v1/studios/${encodeURIComponent(id)}`;

/** Studios, their owners, plans, API keys and usage (owners and admins; `reportLogin` takes a key). */
export class StudiosApi {
  constructor(private readonly http: HttpTransport) {}

  plans(): Promise<Plans> {
    return this.http.request('GET', '/v1/plans');
  }
  create(name: string): Promise<Studio> {
    return this.http.request('POST', '/v1/studios', { body: { name } });
  }
  async list(): Promise<Studio[]> {
    return (await this.http.request<{ studios: Studio[] }>('GET', '/v1/studios')).studios;
  }
  get(id: string): Promise<Studio> {
    return this.http.request('GET', at(id));
  }
  rename(id: string, name: string): Promise<Studio> {
    return this.http.request('PATCH', at(id), { body: { name } });
  }
  delete(id: string): Promise<void> {
    return this.http.request('DELETE', at(id));
  }
  addOwner(id: string, userId: string): Promise<Studio> {
    return this.http.request('POST', `${at(id)}/owners`, { body: { userId } });
  }
  /** Refused for the last owner. */
  removeOwner(id: string, userId: string): Promise<Studio> {
    return this.http.request('DELETE', `${at(id)}/owners/${encodeURIComponent(userId)}`);
  }
  /** An upgrade seats inactive players at once (`activated` says how many); a downgrade unseats nobody. */
  changePlan(id: string, plan: z.infer<typeof ChangePlanRequest>['plan']): Promise<PlanChange> {
    return this.http.request('PATCH', `${at(id)}/plan`, { body: { plan } });
  }
  usage(id: string): Promise<StudioUsage> {
    return this.http.request('GET', '/v1/metrics', { query: { studioId: id } });
  }
  players(id: string, query: PlayerPageQuery = {}): Promise<StudioPlayerPage> {
    const active = query.active === undefined ? undefined : String(query.active);
    return this.http.request('GET', `${at(id)}/players`, { query: { ...query, active } });
  }

  createKey(id: string, key: NewStudioKey): Promise<StudioKeyWithSecret> {
    return this.http.request('POST', `${at(id)}/api-keys`, { body: key });
  }
  async keys(id: string): Promise<StudioKey[]> {
    return (await this.http.request<{ apiKeys: StudioKey[] }>('GET', `${at(id)}/api-keys`)).apiKeys;
  }
  rotateKey(id: string, keyId: string): Promise<StudioKeyWithSecret> {
    return this.http.request('POST', `${at(id)}/api-keys/${encodeURIComponent(keyId)}/rotate`);
  }
  revokeKey(id: string, keyId: string): Promise<void> {
    return this.http.request('DELETE', `${at(id)}/api-keys/${encodeURIComponent(keyId)}`);
  }

  /** Owners: registers a mini-game as a game type; the answer carries its key, shown once. */
  registerMinigame(id: string, minigame: NewMinigame): Promise<MinigameWithKey> {
    return this.http.request('POST', `${at(id)}/minigames`, { body: minigame });
  }
  /** The studio's mini-games with their servers' connections (address, version, since, why ended) and plays. */
  async minigames(id: string): Promise<Minigame[]> {
    return (await this.http.request<{ minigames: Minigame[] }>('GET', `${at(id)}/minigames`)).minigames;
  }

  /** The mini-game's latest games, newest first: when, how each ended, and why in its players' words. */
  async minigameGames(id: string, minigameId: string, limit = 20): Promise<MinigameGame[]> {
    const path = `${at(id)}/minigames/${encodeURIComponent(minigameId)}/games?limit=${limit}`;
    return (await this.http.request<{ games: MinigameGame[] }>('GET', path)).games;
  }

  /** For a client holding a `metrics-reporter` key: one login of a player of the key's studio. */
  reportLogin(report: LoginReport, idempotencyKey?: string): Promise<LoginReported> {
    return this.http.request('POST', '/v1/metrics', {
      body: report,
      ...(idempotencyKey ? { headers: { 'idempotency-key': idempotencyKey } } : {}),
    });
  }
}
