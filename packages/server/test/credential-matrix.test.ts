import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeKey } from './support/credentials.js';
import { PASSWORD, startTestParlor, type TestParlor } from './support/test-parlor.js';

/**
 * Every kind of credential (and non-credential) against one endpoint of every class. Each
 * cell is the status and stable code the caller gets; `ok` means the credential was accepted
 * and the request reached its handler.
 */
type Cell =
  'ok' | 'WRONG_CREDENTIAL_KIND' | 'UNAUTHENTICATED' | 'SESSION_EXPIRED' | 'FORBIDDEN' | 'BOOTSTRAP_REFUSED';
const CLASSES = ['public', 'session', 'admin', 'apiKey', 'custom'] as const;

// prettier-ignore
const MATRIX: Record<string, Cell[]> = {
  //                          public  session                   admin                     apiKey (tickets/verify)  custom (bootstrap code)
  'player session':          ['ok', 'ok',                     'FORBIDDEN',              'WRONG_CREDENTIAL_KIND', 'BOOTSTRAP_REFUSED'],
  'admin session':           ['ok', 'ok',                     'ok',                     'WRONG_CREDENTIAL_KIND', 'BOOTSTRAP_REFUSED'],
  'community-server key':    ['ok', 'WRONG_CREDENTIAL_KIND',  'WRONG_CREDENTIAL_KIND',  'ok',                    'BOOTSTRAP_REFUSED'],
  'metrics-reporter key':    ['ok', 'WRONG_CREDENTIAL_KIND',  'WRONG_CREDENTIAL_KIND',  'FORBIDDEN',             'BOOTSTRAP_REFUSED'],
  'minigame key':            ['ok', 'WRONG_CREDENTIAL_KIND',  'WRONG_CREDENTIAL_KIND',  'FORBIDDEN',             'BOOTSTRAP_REFUSED'],
  'join ticket as bearer':   ['ok', 'WRONG_CREDENTIAL_KIND',  'WRONG_CREDENTIAL_KIND',  'WRONG_CREDENTIAL_KIND', 'BOOTSTRAP_REFUSED'],
  'expired session':         ['ok', 'SESSION_EXPIRED',        'SESSION_EXPIRED',        'WRONG_CREDENTIAL_KIND', 'BOOTSTRAP_REFUSED'],
  'revoked session':         ['ok', 'UNAUTHENTICATED',        'UNAUTHENTICATED',        'WRONG_CREDENTIAL_KIND', 'BOOTSTRAP_REFUSED'],
  'expired API key':         ['ok', 'WRONG_CREDENTIAL_KIND',  'WRONG_CREDENTIAL_KIND',  'UNAUTHENTICATED',       'BOOTSTRAP_REFUSED'],
  'revoked API key':         ['ok', 'WRONG_CREDENTIAL_KIND',  'WRONG_CREDENTIAL_KIND',  'UNAUTHENTICATED',       'BOOTSTRAP_REFUSED'],
  'forged session token':    ['ok', 'UNAUTHENTICATED',        'UNAUTHENTICATED',        'WRONG_CREDENTIAL_KIND', 'BOOTSTRAP_REFUSED'],
  'forged API key':          ['ok', 'WRONG_CREDENTIAL_KIND',  'WRONG_CREDENTIAL_KIND',  'UNAUTHENTICATED',       'BOOTSTRAP_REFUSED'],
  'garbage token':           ['ok', 'UNAUTHENTICATED',        'UNAUTHENTICATED',        'UNAUTHENTICATED',       'BOOTSTRAP_REFUSED'],
  'no header':               ['ok', 'UNAUTHENTICATED',        'UNAUTHENTICATED',        'UNAUTHENTICATED',       'BOOTSTRAP_REFUSED'],
  'Bearer with junk chars':  ['ok', 'UNAUTHENTICATED',        'UNAUTHENTICATED',        'UNAUTHENTICATED',       'BOOTSTRAP_REFUSED'],
  'Bearer and nothing':      ['ok', 'UNAUTHENTICATED',        'UNAUTHENTICATED',        'UNAUTHENTICATED',       'BOOTSTRAP_REFUSED'],
  'Basic auth':              ['ok', 'UNAUTHENTICATED',        'UNAUTHENTICATED',        'UNAUTHENTICATED',       'BOOTSTRAP_REFUSED'],
};

const STATUS: Record<Exclude<Cell, 'ok'>, number> = {
  WRONG_CREDENTIAL_KIND: 401,
  UNAUTHENTICATED: 401,
  SESSION_EXPIRED: 401,
  FORBIDDEN: 403,
  BOOTSTRAP_REFUSED: 403,
};

let p: TestParlor;
const headers: Record<string, Record<string, string>> = {};
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

beforeAll(async () => {
  // Distinct client addresses per row keep the bootstrap endpoint's per-IP limit out of the way.
  p = await startTestParlor({ PARLOR_SESSION_IDLE_MINUTES: '43200', PARLOR_TRUST_PROXY: 'true' });
  const doomed = await p.signUp('doomed');
  const doomedKey = await makeKey(p, doomed.token, 'community-server', { expiresInDays: 1 });
  await p.admin();
  p.clock.advance(25 * 3_600_000); // everything made so far has expired
  headers['expired session'] = bearer(doomed.token);
  headers['expired API key'] = bearer(doomedKey.key);

  const login = async (username: string) =>
    (await p.call('POST', '/v1/sessions', { body: { username, password: PASSWORD } })).json().token as string;
  const admin = await login('root_admin');
  const player = await p.signUp('player');
  headers['player session'] = bearer(player.token);
  headers['admin session'] = bearer(admin);
  for (const role of ['community-server', 'metrics-reporter', 'minigame'])
    headers[`${role} key`] = bearer((await makeKey(p, admin, role)).key);
  const ticket = (
    await p.call('POST', '/v1/tickets', { token: player.token, body: { server: 'anything' } })
  ).json();
  headers['join ticket as bearer'] = bearer(ticket.ticket);
  const leaver = await p.signUp('leaver');
  await p.call('DELETE', '/v1/sessions/current', { token: leaver.token });
  headers['revoked session'] = bearer(leaver.token);
  const revoked = await makeKey(p, player.token, 'community-server');
  await p.call('DELETE', `/v1/api-keys/${revoked.id}`, { token: player.token });
  headers['revoked API key'] = bearer(revoked.key);
  headers['forged session token'] = bearer(`pls_${'A'.repeat(43)}`);
  headers['forged API key'] = bearer(`${revoked.key.slice(0, 17)}${'A'.repeat(43)}`);
  headers['garbage token'] = bearer('hello-there');
  headers['no header'] = {};
  headers['Bearer with junk chars'] = { authorization: 'Bearer pls_abc def\t"<>' };
  headers['Bearer and nothing'] = { authorization: 'Bearer ' };
  headers['Basic auth'] = { authorization: 'Basic cm9vdF9hZG1pbjpwYXNzd29yZA==' };
});
afterAll(() => p.stop());

const ENDPOINTS: Record<(typeof CLASSES)[number], { method: string; url: string; body?: object }> = {
  public: { method: 'GET', url: '/healthz' },
  session: { method: 'GET', url: '/v1/me' },
  admin: { method: 'GET', url: '/v1/admin/audit?limit=1' },
  apiKey: { method: 'POST', url: '/v1/tickets/verify', body: { ticket: 'not-a-ticket' } },
  custom: {
    method: 'POST',
    url: '/v1/admin/bootstrap',
    body: { code: 'wrong', username: 'intruder', password: PASSWORD },
  },
};

describe('credential matrix', () => {
  let row = 0;
  for (const [credential, cells] of Object.entries(MATRIX)) {
    const ip = `10.0.0.${++row}`;
    it.each(CLASSES.map((cls, i) => [cls, cells[i]!] as const))(
      `${credential} at the %s endpoint: %s`,
      async (cls, cell) => {
        const e = ENDPOINTS[cls];
        const res = await p.call(e.method, e.url, {
          headers: { ...headers[credential], 'x-forwarded-for': ip },
          ...(e.body ? { body: e.body } : {}),
        });
        if (cell === 'ok') {
          expect([401, 403], res.body).not.toContain(res.statusCode);
          expect(res.statusCode).toBeLessThan(500);
        } else {
          expect(res.json().error.code, res.body).toBe(cell);
          expect(res.statusCode).toBe(STATUS[cell]);
        }
      },
    );
  }
});
