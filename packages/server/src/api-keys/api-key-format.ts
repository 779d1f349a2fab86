import { randomInt } from 'node:crypto';
import { API_KEY_PREFIX } from '../http/access-hook.js';
import { randomSecret } from '../platform/secrets.js';

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const API_KEY_ID_LENGTH = 12;

/**
 * `plk_<id>_<secret>`: the id is 12 base62 characters (about 71 bits, so ids never collide in
 * practice and can be shown and logged), the secret 32 CSPRNG bytes in base64url. The id has a
 * fixed length and no `_`, so the key splits without ambiguity even though base64url may.
 */
export function newApiKeyId(): string {
  let id = '';
  for (let i = 0; i < API_KEY_ID_LENGTH; i++) id += BASE62[randomInt(BASE62.length)];
  return id;
}

export function newApiKeySecret(): string {
  return randomSecret(32);
}

export function formatApiKey(id: string, secret: string): string {
  return `${API_KEY_PREFIX}${id}_${secret}`;
}

const SHAPE = new RegExp(`^${API_KEY_PREFIX}([A-Za-z0-9]{${API_KEY_ID_LENGTH}})_([A-Za-z0-9_-]{43})$`);

/** Splits a presented key into id and secret, or undefined if it cannot be one of ours. */
export function parseApiKey(token: string): { id: string; secret: string } | undefined {
  const match = SHAPE.exec(token);
  return match ? { id: match[1]!, secret: match[2]! } : undefined;
}
