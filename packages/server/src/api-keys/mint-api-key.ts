import { sha256 } from '../platform/secrets.js';
import { formatApiKey, newApiKeyId, newApiKeySecret } from './api-key-format.js';
import type { ApiKeyRecord } from './api-keys-store.js';

export interface NewKey {
  ownerId: string;
  name: string;
  role: string;
  expiresInDays?: number;
  studioId?: string;
  minigameId?: string;
}

/**
 * A fresh key's record, the hash to store and the key to show once: the one place personal and
 * studio keys are made, so both get the same id, secret and expiry rules.
 */
export function mintApiKey(input: NewKey, now: Date) {
  const id = newApiKeyId();
  const secret = newApiKeySecret();
  const record: ApiKeyRecord = {
    id,
    ownerId: input.ownerId,
    name: input.name,
    role: input.role,
    createdAt: now,
    expiresAt: input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * 86_400_000) : null,
    lastUsedAt: null,
    revokedAt: null,
    ...(input.studioId ? { studioId: input.studioId, minigameId: input.minigameId ?? null } : {}),
  };
  return { record, secretHash: sha256(secret), key: formatApiKey(id, secret) };
}
