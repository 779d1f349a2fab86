import { expect } from 'vitest';
import type { TestParlor } from './test-parlor.js';

/** Creates a studio as `token`'s user; returns its view. */
export async function createStudio(p: TestParlor, token: string, name = 'Test Studio') {
  const res = await p.call('POST', '/v1/studios', { token, body: { name } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as {
    id: string;
    name: string;
    plan: { id: string; limit: number | null };
    owners: { userId: string }[];
  };
}

/** Makes one of the studio's API keys; returns its id and secret. */
export async function studioKey(p: TestParlor, token: string, studioId: string, role = 'metrics-reporter') {
  const res = await p.call('POST', `/v1/studios/${studioId}/api-keys`, { token, body: { name: role, role } });
  expect(res.statusCode, res.body).toBe(201);
  return { id: res.json().id as string, key: res.json().key as string };
}

/** POST /v1/metrics with a reporter key. */
export function report(
  p: TestParlor,
  key: string,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
) {
  return p.call('POST', '/v1/metrics', { token: key, body, headers });
}

export async function usageOf(p: TestParlor, token: string, studioId: string) {
  const res = await p.call('GET', `/v1/metrics?studioId=${studioId}`, { token });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as {
    plan: { id: string; limit: number | null; period: string };
    activePlayers: number;
    inactivePlayers: number;
    logins: { today: number; last30Days: number };
  };
}

export async function changePlan(p: TestParlor, token: string, studioId: string, plan: string) {
  const res = await p.call('PATCH', `/v1/studios/${studioId}/plan`, { token, body: { plan } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { plan: { id: string }; activated: number };
}
