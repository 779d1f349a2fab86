import type { Authorizer } from '../access/authorizer.js';
import { actorOf, type Caller, subjectOf } from '../access/principal.js';
import type { AuditLog } from '../audit/audit-log.js';
import { AppError } from '../platform/app-error.js';
import type { Clock } from '../platform/clock.js';
import { sha256 } from '../platform/secrets.js';
import { formatApiKey, newApiKeySecret } from './api-key-format.js';
import { mintApiKey } from './mint-api-key.js';
import type { ApiKeyVerifier } from './api-key-verifier.js';
import type { ApiKeyRecord, ApiKeysStore } from './api-keys-store.js';

export interface ApiKeyDeps {
  store: ApiKeysStore;
  authorizer: Authorizer;
  verifier: Pick<ApiKeyVerifier, 'forgetKey'>;
  audit: AuditLog;
  clock: Clock;
  maxLiveKeysPerOwner: number;
}

/** A person acting through their session, and where from. */
export type { Caller };
/**
 * Acting on other people's keys is a separate RBAC resource, since every player may manage
 * their own `api-keys`: only holders of `list`/`delete` on `all-api-keys` (admins) may.
 */
export const ALL_API_KEYS = 'all-api-keys';

export const apiKeyView = (k: ApiKeyRecord, now: Date) => ({
  id: k.id,
  name: k.name,
  role: k.role,
  createdAt: k.createdAt.toISOString(),
  expiresAt: k.expiresAt?.toISOString() ?? null,
  lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
  expired: k.expiresAt !== null && k.expiresAt <= now,
});

/** API keys: made, listed, revoked and rotated by their owner; the secret is shown once. */
export class ApiKeyService {
  constructor(private readonly deps: ApiKeyDeps) {}

  async create(caller: Caller, input: { name: string; role: string; expiresInDays?: number }) {
    const { store, clock } = this.deps;
    await this.checkGrant(caller, input.role, 'api-key.create');
    const now = clock.now();
    if ((await store.countLive(caller.user.userId, now)) >= this.deps.maxLiveKeysPerOwner)
      throw new AppError('CONFLICT', `You may hold at most ${this.deps.maxLiveKeysPerOwner} live API keys`);
    const { record, secretHash, key } = mintApiKey({ ...input, ownerId: caller.user.userId }, now);
    await store.insert({ ...record, secretHash });
    await this.deps.audit.recordUserAction(actorOf(caller), 'api-key.create', record.id, 'success', {
      role: input.role,
    });
    return { ...apiKeyView(record, now), key };
  }

  async list(caller: Caller, ownerId = caller.user.userId) {
    if (ownerId !== caller.user.userId && !(await this.mayActOnOthers(caller, 'list')))
      throw new AppError('FORBIDDEN', 'You may only list your own API keys');
    const now = this.deps.clock.now();
    return (await this.deps.store.listByOwner(ownerId)).map((k) => apiKeyView(k, now));
  }

  /** Owners revoke their keys; holders of `delete` on all-api-keys revoke anyone's. */
  async revoke(caller: Caller, id: string): Promise<void> {
    const { store, clock, verifier } = this.deps;
    const key = await store.byId(id);
    const allowed =
      key && (key.ownerId === caller.user.userId || (await this.mayActOnOthers(caller, 'delete')));
    if (!key || !allowed || !(await store.revoke(id, clock.now()))) {
      if (key && !allowed)
        await this.deps.audit.recordUserAction(actorOf(caller), 'api-key.revoke', id, 'denied');
      // Someone else's key looks exactly like a missing one.
      throw new AppError('NOT_FOUND', 'No such API key');
    }
    verifier.forgetKey(id);
    await this.deps.audit.recordUserAction(actorOf(caller), 'api-key.revoke', id, 'success', {
      owner: key.ownerId,
    });
  }

  /**
   * A new secret for the same key (id, role, expiry); the old secret dies with the write. Only
   * the owner may, and only while they could still make such a key: rotating renews a
   * credential, so it passes the same escalation rule as creating one.
   */
  async rotate(caller: Caller, id: string) {
    const { store, clock, verifier } = this.deps;
    const key = await store.byId(id);
    // A studio's key is rotated by that studio's owners (POST /v1/studios/{id}/api-keys/{keyId}/rotate).
    if (!key || key.ownerId !== caller.user.userId || key.revokedAt || key.studioId)
      throw new AppError('NOT_FOUND', 'No such API key');
    await this.checkGrant(caller, key.role, 'api-key.rotate');
    const secret = newApiKeySecret();
    const now = clock.now();
    if (!(await store.replaceSecret(id, sha256(secret), now)))
      throw new AppError('CONFLICT', 'The API key has expired or been revoked');
    verifier.forgetKey(id);
    await this.deps.audit.recordUserAction(actorOf(caller), 'api-key.rotate', id, 'success');
    return { ...apiKeyView(key, now), key: formatApiKey(id, secret) };
  }

  private async checkGrant(caller: Caller, roleName: string, action: string): Promise<void> {
    const { authorizer } = this.deps;
    const role = await authorizer.role(roleName);
    if (!role) throw new AppError('NOT_FOUND', `No role named ${roleName}`);
    if (!(await authorizer.mayGrant(subjectOf(caller.user), role.rules, role.name))) {
      await this.deps.audit.recordUserAction(actorOf(caller), action, null, 'denied', {
        role: roleName,
        reason: 'escalation',
      });
      throw new AppError('ESCALATION_REFUSED', `You may not give a key the role ${roleName}`);
    }
  }

  private mayActOnOthers(caller: Caller, verb: 'list' | 'delete'): Promise<boolean> {
    return this.deps.authorizer.can(subjectOf(caller.user), verb, ALL_API_KEYS);
  }
}
