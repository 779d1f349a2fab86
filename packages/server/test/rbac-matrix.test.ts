import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ROLES } from '../src/access/default-roles.js';
import { ruleAllows } from '../src/access/rules.js';
import { bind, makeKey } from './support/credentials.js';
import { PASSWORD, startTestParlor, type TestParlor } from './support/test-parlor.js';

type Credential = 'none' | 'custom' | 'session' | 'apiKey' | 'reportingToken';
interface Endpoint {
  method: string;
  /** Route pattern as in OpenAPI, and the URL called (bad ids, so allowed calls stop at validation). */
  route: string;
  url: string;
  credential: Credential;
  resource?: string;
  verb?: string;
  /** The call ends the caller's session, so the next one logs in again. */
  endsSession?: boolean;
}

// One line per endpoint. Allowed calls are sent with invalid input, so they are refused by
// validation (400) after the access check has passed, and change nothing.
// prettier-ignore
const ENDPOINTS: Endpoint[] = [
  { method: 'GET', route: '/healthz', url: '/healthz', credential: 'none' },
  { method: 'GET', route: '/readyz', url: '/readyz', credential: 'none' },
  { method: 'GET', route: '/metrics', url: '/metrics', credential: 'none' },
  { method: 'POST', route: '/v1/accounts', url: '/v1/accounts', credential: 'none' },
  { method: 'POST', route: '/v1/sessions', url: '/v1/sessions', credential: 'none' },
  { method: 'POST', route: '/v1/admin/bootstrap', url: '/v1/admin/bootstrap', credential: 'custom' },
  { method: 'DELETE', route: '/v1/sessions/current', url: '/v1/sessions/current', credential: 'session', resource: 'sessions', verb: 'delete', endsSession: true },
  { method: 'GET', route: '/v1/sessions', url: '/v1/sessions', credential: 'session', resource: 'sessions', verb: 'list' },
  { method: 'DELETE', route: '/v1/sessions', url: '/v1/sessions', credential: 'session', resource: 'sessions', verb: 'delete', endsSession: true },
  { method: 'DELETE', route: '/v1/sessions/{id}', url: '/v1/sessions/bad', credential: 'session', resource: 'sessions', verb: 'delete' },
  { method: 'GET', route: '/v1/me', url: '/v1/me', credential: 'session', resource: 'me', verb: 'get' },
  { method: 'PUT', route: '/v1/me/password', url: '/v1/me/password', credential: 'session', resource: 'me', verb: 'update' },
  { method: 'GET', route: '/v1/admin/users', url: '/v1/admin/users', credential: 'session', resource: 'users', verb: 'list' },
  { method: 'PATCH', route: '/v1/admin/users/{id}', url: '/v1/admin/users/bad', credential: 'session', resource: 'users', verb: 'update' },
  { method: 'GET', route: '/v1/admin/users/{id}/sessions', url: '/v1/admin/users/bad/sessions', credential: 'session', resource: 'users', verb: 'get' },
  { method: 'GET', route: '/v1/admin/users/{id}/games', url: '/v1/admin/users/bad/games', credential: 'session', resource: 'users', verb: 'get' },
  { method: 'POST', route: '/v1/admin/users/{id}/deauthenticate', url: '/v1/admin/users/bad/deauthenticate', credential: 'session', resource: 'users', verb: 'update' },
  { method: 'POST', route: '/v1/api-keys', url: '/v1/api-keys', credential: 'session', resource: 'api-keys', verb: 'create' },
  { method: 'GET', route: '/v1/api-keys', url: '/v1/api-keys', credential: 'session', resource: 'api-keys', verb: 'list' },
  { method: 'DELETE', route: '/v1/api-keys/{id}', url: '/v1/api-keys/bad', credential: 'session', resource: 'api-keys', verb: 'delete' },
  { method: 'POST', route: '/v1/api-keys/{id}/rotate', url: '/v1/api-keys/bad/rotate', credential: 'session', resource: 'api-keys', verb: 'update' },
  { method: 'POST', route: '/v1/tickets', url: '/v1/tickets', credential: 'session', resource: 'tickets', verb: 'create' },
  { method: 'POST', route: '/v1/tickets/verify', url: '/v1/tickets/verify', credential: 'apiKey', resource: 'ticket-verifications', verb: 'create' },
  { method: 'GET', route: '/v1/roles', url: '/v1/roles', credential: 'session', resource: 'roles', verb: 'list' },
  { method: 'POST', route: '/v1/roles', url: '/v1/roles', credential: 'session', resource: 'roles', verb: 'create' },
  { method: 'GET', route: '/v1/roles/{name}', url: '/v1/roles/Bad_Name', credential: 'session', resource: 'roles', verb: 'get' },
  { method: 'PUT', route: '/v1/roles/{name}', url: '/v1/roles/Bad_Name', credential: 'session', resource: 'roles', verb: 'update' },
  { method: 'DELETE', route: '/v1/roles/{name}', url: '/v1/roles/Bad_Name', credential: 'session', resource: 'roles', verb: 'delete' },
  { method: 'GET', route: '/v1/role-bindings', url: '/v1/role-bindings', credential: 'session', resource: 'role-bindings', verb: 'list' },
  { method: 'POST', route: '/v1/role-bindings', url: '/v1/role-bindings', credential: 'session', resource: 'role-bindings', verb: 'create' },
  { method: 'DELETE', route: '/v1/role-bindings/{name}', url: '/v1/role-bindings/Bad_Name', credential: 'session', resource: 'role-bindings', verb: 'delete' },
  { method: 'POST', route: '/v1/access-reviews', url: '/v1/access-reviews', credential: 'session', resource: 'access-reviews', verb: 'create' },
  { method: 'GET', route: '/v1/game-types', url: '/v1/game-types?x=1', credential: 'session', resource: 'game-types', verb: 'list' },
  { method: 'POST', route: '/v1/games', url: '/v1/games', credential: 'session', resource: 'games', verb: 'create' },
  { method: 'POST', route: '/v1/games/join', url: '/v1/games/join', credential: 'session', resource: 'game-joins', verb: 'create' },
  { method: 'GET', route: '/v1/games', url: '/v1/games?x=1', credential: 'session', resource: 'games', verb: 'list' },
  { method: 'GET', route: '/v1/games/{id}', url: '/v1/games/bad', credential: 'session', resource: 'games', verb: 'get' },
  { method: 'POST', route: '/v1/games/{id}/connect-token', url: '/v1/games/bad/connect-token', credential: 'session', resource: 'games', verb: 'get' },
  { method: 'DELETE', route: '/v1/games/{id}', url: '/v1/games/bad', credential: 'session', resource: 'games', verb: 'delete' },
  { method: 'POST', route: '/v1/internal/games/{id}/ready', url: '/v1/internal/games/bad/ready', credential: 'reportingToken' },
  { method: 'POST', route: '/v1/internal/games/{id}/heartbeat', url: '/v1/internal/games/bad/heartbeat', credential: 'reportingToken' },
  { method: 'POST', route: '/v1/internal/games/{id}/status', url: '/v1/internal/games/bad/status', credential: 'reportingToken' },
  { method: 'POST', route: '/v1/internal/games/{id}/host', url: '/v1/internal/games/bad/host', credential: 'reportingToken' },
  { method: 'POST', route: '/v1/internal/games/{id}/revocations', url: '/v1/internal/games/bad/revocations', credential: 'reportingToken' },
  { method: 'GET', route: '/v1/games/{id}/socket', url: '/v1/games/bad/socket', credential: 'custom' },
  { method: 'GET', route: '/v1/minigames/connect', url: '/v1/minigames/connect', credential: 'custom' },
  { method: 'POST', route: '/v1/channels/{id}/messages', url: '/v1/channels/nope/messages', credential: 'session', resource: 'messages', verb: 'create' },
  { method: 'GET', route: '/v1/channels/{id}/messages', url: '/v1/channels/nope/messages', credential: 'session', resource: 'messages', verb: 'list' },
  { method: 'DELETE', route: '/v1/channels/{id}/messages/{seq}', url: '/v1/channels/nope/messages/x', credential: 'session', resource: 'messages', verb: 'delete' },
  { method: 'GET', route: '/v1/channels/{id}/settings', url: '/v1/channels/nope/settings', credential: 'session', resource: 'messages', verb: 'list' },
  { method: 'PUT', route: '/v1/channels/{id}/settings', url: '/v1/channels/nope/settings', credential: 'session', resource: 'messages', verb: 'create' },
  { method: 'POST', route: '/v1/blocks', url: '/v1/blocks', credential: 'session', resource: 'blocks', verb: 'create' },
  { method: 'DELETE', route: '/v1/blocks/{userId}', url: '/v1/blocks/bad', credential: 'session', resource: 'blocks', verb: 'delete' },
  { method: 'GET', route: '/v1/blocks', url: '/v1/blocks?x=1', credential: 'session', resource: 'blocks', verb: 'list' },
  { method: 'GET', route: '/v1/presence', url: '/v1/presence?users=bad', credential: 'session', resource: 'presence', verb: 'list' },
  { method: 'GET', route: '/v1/admin/audit', url: '/v1/admin/audit?limit=0', credential: 'session', resource: 'audit', verb: 'list' },
  { method: 'GET', route: '/v1/conversations', url: '/v1/conversations?x=1', credential: 'session', resource: 'messages', verb: 'list' },
  { method: 'GET', route: '/v1/setup', url: '/v1/setup?x=1', credential: 'none' },
  { method: 'GET', route: '/v1/admin/stats/overview', url: '/v1/admin/stats/overview?from=x', credential: 'session', resource: 'stats', verb: 'get' },
  { method: 'GET', route: '/v1/admin/stats/series', url: '/v1/admin/stats/series?from=x', credential: 'session', resource: 'stats', verb: 'get' },
  { method: 'GET', route: '/v1/admin/stats/retention', url: '/v1/admin/stats/retention?from=x', credential: 'session', resource: 'stats', verb: 'get' },
  { method: 'GET', route: '/v1/admin/stats/games', url: '/v1/admin/stats/games?from=x', credential: 'session', resource: 'stats', verb: 'get' },
  { method: 'GET', route: '/v1/admin/users/{id}/stats', url: '/v1/admin/users/bad/stats', credential: 'session', resource: 'stats', verb: 'get' },
  { method: 'GET', route: '/v1/plans', url: '/v1/plans?x=1', credential: 'session', resource: 'plans', verb: 'list' },
  { method: 'POST', route: '/v1/studios', url: '/v1/studios', credential: 'session', resource: 'studios', verb: 'create' },
  { method: 'GET', route: '/v1/studios', url: '/v1/studios?x=1', credential: 'session', resource: 'studios', verb: 'list' },
  { method: 'GET', route: '/v1/studios/{id}', url: '/v1/studios/bad', credential: 'session', resource: 'studios', verb: 'get' },
  { method: 'PATCH', route: '/v1/studios/{id}', url: '/v1/studios/bad', credential: 'session', resource: 'studios', verb: 'update' },
  { method: 'DELETE', route: '/v1/studios/{id}', url: '/v1/studios/bad', credential: 'session', resource: 'studios', verb: 'delete' },
  { method: 'POST', route: '/v1/studios/{id}/owners', url: '/v1/studios/bad/owners', credential: 'session', resource: 'studio-owners', verb: 'create' },
  { method: 'DELETE', route: '/v1/studios/{id}/owners/{userId}', url: '/v1/studios/bad/owners/bad', credential: 'session', resource: 'studio-owners', verb: 'delete' },
  { method: 'PATCH', route: '/v1/studios/{id}/plan', url: '/v1/studios/bad/plan', credential: 'session', resource: 'plans', verb: 'update' },
  { method: 'POST', route: '/v1/studios/{id}/api-keys', url: '/v1/studios/bad/api-keys', credential: 'session', resource: 'studio-api-keys', verb: 'create' },
  { method: 'GET', route: '/v1/studios/{id}/api-keys', url: '/v1/studios/bad/api-keys', credential: 'session', resource: 'studio-api-keys', verb: 'list' },
  { method: 'POST', route: '/v1/studios/{id}/api-keys/{keyId}/rotate', url: '/v1/studios/bad/api-keys/bad/rotate', credential: 'session', resource: 'studio-api-keys', verb: 'update' },
  { method: 'DELETE', route: '/v1/studios/{id}/api-keys/{keyId}', url: '/v1/studios/bad/api-keys/bad', credential: 'session', resource: 'studio-api-keys', verb: 'delete' },
  { method: 'POST', route: '/v1/studios/{id}/minigames', url: '/v1/studios/bad/minigames', credential: 'session', resource: 'minigames', verb: 'create' },
  { method: 'GET', route: '/v1/studios/{id}/minigames', url: '/v1/studios/bad/minigames', credential: 'session', resource: 'minigames', verb: 'list' },
  { method: 'GET', route: '/v1/studios/{id}/minigames/{minigameId}', url: '/v1/studios/bad/minigames/BAD', credential: 'session', resource: 'minigames', verb: 'get' },
  { method: 'GET', route: '/v1/studios/{id}/minigames/{minigameId}/games', url: '/v1/studios/bad/minigames/BAD/games', credential: 'session', resource: 'minigames', verb: 'get' },
  { method: 'PATCH', route: '/v1/studios/{id}/minigames/{minigameId}', url: '/v1/studios/bad/minigames/BAD', credential: 'session', resource: 'minigames', verb: 'update' },
  { method: 'DELETE', route: '/v1/studios/{id}/minigames/{minigameId}', url: '/v1/studios/bad/minigames/BAD', credential: 'session', resource: 'minigames', verb: 'delete' },
  { method: 'PUT', route: '/v1/studios/{id}/minigames/{minigameId}/frontend', url: '/v1/studios/bad/minigames/BAD/frontend', credential: 'session', resource: 'minigames', verb: 'update' },
  { method: 'DELETE', route: '/v1/studios/{id}/minigames/{minigameId}/frontend', url: '/v1/studios/bad/minigames/BAD/frontend', credential: 'session', resource: 'minigames', verb: 'update' },
  { method: 'GET', route: '/v1/minigames/{minigameId}/frontend', url: '/v1/minigames/BAD/frontend', credential: 'none' },
  { method: 'POST', route: '/v1/metrics', url: '/v1/metrics', credential: 'apiKey', resource: 'metrics', verb: 'create' },
  { method: 'GET', route: '/v1/metrics', url: '/v1/metrics?studioId=bad', credential: 'session', resource: 'studio-metrics', verb: 'get' },
  { method: 'GET', route: '/v1/studios/{id}/players', url: '/v1/studios/bad/players', credential: 'session', resource: 'studio-players', verb: 'list' },
];

/** Each default role and how a caller comes to hold it: users through bindings, servers through keys. */
const ROLES = [
  { role: 'player', kind: 'user', holds: ['player'] },
  { role: 'studio-owner', kind: 'user', holds: ['player', 'studio-owner'] },
  { role: 'admin', kind: 'user', holds: ['player', 'admin'] },
  { role: 'minigame', kind: 'apiKey', holds: ['minigame'] },
  { role: 'metrics-reporter', kind: 'apiKey', holds: ['metrics-reporter'] },
  { role: 'community-server', kind: 'apiKey', holds: ['community-server'] },
] as const;

type Expected = 'allowed' | 'FORBIDDEN' | 'WRONG_CREDENTIAL_KIND' | 'UNAUTHENTICATED';
function expected(e: Endpoint, r: (typeof ROLES)[number]): Expected {
  // Only a game server holds its game's reporting token: no role gets past those routes.
  if (e.credential === 'reportingToken') return 'UNAUTHENTICATED';
  if (e.credential === 'none' || e.credential === 'custom') return 'allowed';
  if ((e.credential === 'session') !== (r.kind === 'user')) return 'WRONG_CREDENTIAL_KIND';
  const rules = r.holds.flatMap((name) => DEFAULT_ROLES[name] ?? []);
  return rules.some((rule) => ruleAllows(rule, e.verb!, e.resource!)) ? 'allowed' : 'FORBIDDEN';
}

let p: TestParlor;
const tokens = new Map<string, string>();
const usernames = new Map<string, string>();
beforeAll(async () => {
  p = await startTestParlor({ PARLOR_SESSION_IDLE_MINUTES: '43200' });
  const admin = await p.admin('matrix_admin');
  tokens.set('admin', admin.token);
  usernames.set('admin', 'matrix_admin');
  tokens.set('player', (await p.signUp('matrix_player')).token);
  usernames.set('player', 'matrix_player');
  const owner = await p.signUp('matrix_owner');
  await bind(p, admin.token, 'studio-owner', owner.userId);
  tokens.set('studio-owner', owner.token);
  usernames.set('studio-owner', 'matrix_owner');
  for (const r of ROLES)
    if (r.kind === 'apiKey') tokens.set(r.role, (await makeKey(p, admin.token, r.role)).key);
});
afterAll(() => p.stop());

describe('RBAC matrix: every default role × every endpoint', () => {
  it('the table lists every route the server has', async () => {
    const doc = (await p.call('GET', '/openapi.json')).json() as { paths: Record<string, object> };
    const served = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(ENDPOINTS.map((e) => `${e.method} ${e.route}`).sort()).toEqual(served.sort());
  });

  for (const r of ROLES)
    for (const e of ENDPOINTS) {
      const want = expected(e, r);
      it(`${r.role} ${e.method} ${e.route} → ${want}`, async () => {
        const res = await p.call(e.method, e.url, { token: tokens.get(r.role)!, body: { junk: true } });
        if (want === 'allowed') {
          expect([401, 403], res.body).not.toContain(res.statusCode);
          expect(res.statusCode, res.body).toBeLessThan(500);
        } else {
          expect(res.json().error.code, res.body).toBe(want);
        }
        if (e.endsSession && res.statusCode === 204) {
          const again = await p.call('POST', '/v1/sessions', {
            body: { username: usernames.get(r.role), password: PASSWORD },
          });
          tokens.set(r.role, again.json().token);
        }
      });
    }
});
