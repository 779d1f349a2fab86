import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/platform/logger.js';
import { errorCode } from './support/credentials.js';
import { startTestParlor, type TestParlor } from './support/test-parlor.js';

/** Every line the Parlor logs, parsed, so a test can say none was an error. */
const lines: { level: number; msg: string }[] = [];
const sink = new Writable({
  write(chunk, _encoding, done) {
    for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
    done();
  },
});

let p: TestParlor;
let admin: string;
beforeAll(async () => {
  p = await startTestParlor({}, { logger: createLogger('info', sink) });
  admin = (await p.admin('nul_admin')).token;
});
afterAll(() => p.stop());

const NUL = '\u0000';

describe('text PostgreSQL cannot store is refused at the schema', () => {
  it('a NUL in a login username is VALIDATION_FAILED, and audited as a failed login', async () => {
    const res = await p.call('POST', '/v1/sessions', {
      body: { username: `nul${NUL}user`, password: 'whatever-it-is' },
    });
    expect(res.statusCode).toBe(400);
    expect(errorCode(res)).toBe('VALIDATION_FAILED');
    const audit = await p.call('GET', '/v1/admin/audit?action=login&outcome=failure', { token: admin });
    expect(audit.statusCode).toBe(200);
    const entry = audit.json().entries[0];
    expect(entry).toMatchObject({ action: 'login', outcome: 'failure', actor: { name: 'nul\uFFFDuser' } });
    expect(entry.detail).toMatchObject({ reason: 'invalid_request' });
  });

  it('a lone surrogate in a password is refused the same way', async () => {
    const res = await p.call('POST', '/v1/sessions', {
      body: { username: 'someone', password: 'pass\ud800word' },
    });
    expect(errorCode(res)).toBe('VALIDATION_FAILED');
  });

  it('NUL in admin queries (audit actor and action, users after) is VALIDATION_FAILED', async () => {
    for (const url of [
      '/v1/admin/audit?actor=%00',
      '/v1/admin/audit?action=%00',
      '/v1/admin/users?after=%00',
    ]) {
      const res = await p.call('GET', url, { token: admin });
      expect(res.statusCode, url).toBe(400);
      expect(errorCode(res), url).toBe('VALIDATION_FAILED');
    }
  });

  it('NUL in the API-key subject of a role binding or an access review is VALIDATION_FAILED', async () => {
    const binding = await p.call('POST', '/v1/role-bindings', {
      token: admin,
      body: { name: 'nul-binding', role: 'player', subject: { kind: 'apiKey', id: `abc${NUL}` } },
    });
    expect(errorCode(binding)).toBe('VALIDATION_FAILED');
    const review = await p.call('POST', '/v1/access-reviews', {
      token: admin,
      body: { subject: { kind: 'apiKey', id: `abc${NUL}` }, verb: 'get', resource: 'me' },
    });
    expect(errorCode(review)).toBe('VALIDATION_FAILED');
  });

  it('NUL in a chat message body is VALIDATION_FAILED', async () => {
    const { token } = await p.signUp('nul_chatter');
    const res = await p.call('POST', '/v1/channels/lobby/messages', {
      token,
      body: { body: `hi${NUL}`, clientId: 'nul-1' },
    });
    expect(errorCode(res)).toBe('VALIDATION_FAILED');
  });

  it('none of it wrote an error-level log line', () => {
    expect(lines.filter((l) => l.level >= 50)).toEqual([]);
  });
});
