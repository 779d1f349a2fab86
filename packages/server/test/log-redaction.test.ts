import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryLogger } from './support/launch.js';
import { PASSWORD, startTestParlor, type TestParlor } from './support/test-parlor.js';

// Everything Parlor logs at the most verbose level, kept in memory.
const { logger, lines } = memoryLogger('trace');

let p: TestParlor;
beforeAll(async () => {
  p = await startTestParlor({}, { logger });
});
afterAll(() => p.stop());

describe('logs', () => {
  it('never contain a password, session token, API key, bootstrap code or ticket', async () => {
    const secrets: string[] = [PASSWORD, p.bootstrapCode!];
    const admin = await p.admin('log_admin');
    const player = await p.signUp('log_player');
    secrets.push(admin.token, player.token);
    await p.call('POST', '/v1/sessions', {
      body: { username: 'log_player', password: 'a wrong passphrase!' },
    });
    secrets.push('a wrong passphrase!');
    const key = await p.call('POST', '/v1/api-keys', {
      token: player.token,
      body: { name: 'srv', role: 'community-server' },
    });
    expect(key.statusCode).toBe(201);
    secrets.push(key.json().key);
    const ticket = await p.call('POST', '/v1/tickets', {
      token: player.token,
      body: { server: key.json().id },
    });
    secrets.push(ticket.json().ticket);
    await p.call('POST', '/v1/tickets/verify', {
      token: secrets.at(-2),
      body: { ticket: ticket.json().ticket },
    });
    await p.call('GET', `/v1/me?token=${player.token}`, { token: player.token });
    await p.call('PUT', '/v1/me/password', {
      token: player.token,
      body: { currentPassword: PASSWORD, newPassword: 'the next long passphrase' },
    });
    secrets.push('the next long passphrase');

    const log = lines.join('');
    expect(log).toContain('request completed');
    for (const secret of secrets.filter(Boolean)) expect(log).not.toContain(secret);
  });
});
