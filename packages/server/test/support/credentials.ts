import { expect } from 'vitest';
import type { TestParlor } from './test-parlor.js';

/** Makes an API key as the holder of `token`; fails the test if refused. */
export async function makeKey(
  p: TestParlor,
  token: string,
  role: string,
  extra: { name?: string; expiresInDays?: number } = {},
): Promise<{ id: string; key: string }> {
  const res = await p.call('POST', '/v1/api-keys', {
    token,
    body: { name: extra.name ?? role, role, ...extra },
  });
  expect(res.statusCode, res.body).toBe(201);
  return { id: res.json().id, key: res.json().key };
}

/** Gives `role` to a user through a binding made by the admin. */
export async function bind(p: TestParlor, adminToken: string, role: string, userId: string): Promise<void> {
  const res = await p.call('POST', '/v1/role-bindings', {
    token: adminToken,
    body: { name: `${role}-${userId.slice(0, 8)}`, role, subject: { kind: 'user', id: userId } },
  });
  expect(res.statusCode, res.body).toBe(201);
}

export const errorCode = (res: { json(): unknown }) =>
  (res.json() as { error?: { code?: string } }).error?.code;
