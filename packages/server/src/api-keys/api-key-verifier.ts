import type { Principal } from '../access/principal.js';
import { AppError } from '../platform/app-error.js';
import type { Clock } from '../platform/clock.js';
import { safeEqual, sha256 } from '../platform/secrets.js';
import { parseApiKey } from './api-key-format.js';
import type { ApiKeyForAuth, ApiKeysStore } from './api-keys-store.js';

interface Cached {
  key: ApiKeyForAuth;
  cachedAt: number;
}

// last_used_at is for people ("is this key still in use?"), so a write a minute is plenty and
// a busy server does not pay a database write per request.
const TOUCH_EVERY_MS = 60_000;

/**
 * Turns a `plk_` key into a principal. Keys are cached briefly by id like sessions; revoking
 * or rotating a key, or disabling its owner, drops the entry at once (`forgetKey`,
 * `forgetOwner`) so the change holds from the very next request.
 */
export class ApiKeyVerifier {
  private readonly cache = new Map<string, Cached>();

  constructor(
    private readonly store: ApiKeysStore,
    private readonly clock: Clock,
    private readonly options = { cacheMs: 5_000, cacheSize: 10_000 },
  ) {}

  async verify(token: string): Promise<Principal> {
    const parsed = parseApiKey(token);
    if (!parsed) throw new AppError('UNAUTHENTICATED', 'The API key is not valid');
    const now = this.clock.nowMs();
    let entry = this.cache.get(parsed.id);
    if (!entry || now - entry.cachedAt > this.options.cacheMs) {
      const key = await this.store.forAuth(parsed.id);
      if (!key) {
        this.cache.delete(parsed.id);
        // Same work as a real check, so a missing id costs what a wrong secret does.
        safeEqual(sha256(parsed.secret), sha256(''));
        throw new AppError('UNAUTHENTICATED', 'The API key is not valid');
      }
      entry = { key, cachedAt: now };
      this.remember(parsed.id, entry);
    }
    const k = entry.key;
    if (!safeEqual(sha256(parsed.secret), k.secretHash))
      throw new AppError('UNAUTHENTICATED', 'The API key is not valid');
    if (k.revokedAt) throw new AppError('UNAUTHENTICATED', 'The API key has been revoked');
    if (k.expiresAt && now >= k.expiresAt.getTime())
      throw new AppError('UNAUTHENTICATED', 'The API key has expired');
    if (k.ownerDisabled) throw new AppError('UNAUTHENTICATED', "The API key's owner is disabled");
    if (!k.lastUsedAt || now - k.lastUsedAt.getTime() >= TOUCH_EVERY_MS) {
      k.lastUsedAt = new Date(now);
      await this.store.touch(k.id, k.lastUsedAt);
    }
    return {
      kind: 'apiKey',
      keyId: k.id,
      ownerId: k.ownerId,
      role: k.role,
      ...(k.studioId ? { studioId: k.studioId } : {}),
    };
  }

  private remember(id: string, entry: Cached): void {
    if (this.cache.size >= this.options.cacheSize) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.set(id, entry);
  }

  forgetKey(id: string): void {
    this.cache.delete(id);
  }

  forgetOwner(ownerId: string): void {
    for (const [id, entry] of this.cache) if (entry.key.ownerId === ownerId) this.cache.delete(id);
  }
}
