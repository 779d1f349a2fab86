import { formatApiKey, newApiKeySecret } from '../api-keys/api-key-format.js';
import { mintApiKey } from '../api-keys/mint-api-key.js';
import { apiKeyView } from '../api-keys/api-key-service.js';
import type { ApiKeyVerifier } from '../api-keys/api-key-verifier.js';
import type { ApiKeyRecord, ApiKeysStore } from '../api-keys/api-keys-store.js';
import type { Authorizer } from '../access/authorizer.js';
import { actorOf, type Caller, subjectOf } from '../access/principal.js';
import type { AuditLog } from '../audit/audit-log.js';
import { AppError } from '../platform/app-error.js';
import type { Clock } from '../platform/clock.js';
import { sha256 } from '../platform/secrets.js';
import { studioScope } from './studio-scope.js';

export interface StudioKeyDeps {
  keys: ApiKeysStore;
  verifier: Pick<ApiKeyVerifier, 'forgetKey'>;
  authorizer: Authorizer;
  audit: AuditLog;
  clock: Clock;
  maxLiveKeys: number;
  /** A key was revoked or rotated: what it holds open ends. */
  keyChanged?: (keyId: string) => void;
}

// A studio's key is shown as any key is, with the studio it acts for.
const view = (k: ApiKeyRecord, studioId: string, now: Date) => ({
  ...apiKeyView(k, now),
  studioId,
  ...(k.minigameId ? { minigameId: k.minigameId } : {}),
});

/**
 * A studio's API keys: any owner of the studio (or an admin) makes, lists, rotates and revokes
 * them; the secret is shown once. Each acts for its studio only. The owner who made a key is
 * kept as its owner, so disabling that account stops the key as it does their own keys.
 */
export class StudioKeys {
  constructor(private readonly deps: StudioKeyDeps) {}

  async create(
    caller: Caller,
    studioId: string,
    input: { name: string; role: string; expiresInDays?: number; minigameId?: string },
  ) {
    const { keys, clock, authorizer } = this.deps;
    // The escalation rule, in the studio's scope: studio-owner may bind these roles there.
    if (!(await authorizer.mayGrantIn(subjectOf(caller.user), input.role, studioScope(studioId))))
      throw new AppError('ESCALATION_REFUSED', `You may not give a key the role ${input.role}`);
    const now = clock.now();
    if ((await keys.countLiveInStudio(studioId, now)) >= this.deps.maxLiveKeys)
      throw new AppError('CONFLICT', `A studio may hold at most ${this.deps.maxLiveKeys} live API keys`);
    const { record, secretHash, key } = mintApiKey(
      { ...input, ownerId: caller.user.userId, studioId, minigameId: input.minigameId },
      now,
    );
    await keys.insert({ ...record, secretHash });
    await this.audit(caller, 'studio.api-key.create', record.id, { studioId, role: input.role });
    return { ...view(record, studioId, now), key };
  }

  async list(studioId: string) {
    const now = this.deps.clock.now();
    return (await this.deps.keys.listByStudio(studioId)).map((k) => view(k, studioId, now));
  }

  async rotate(caller: Caller, studioId: string, keyId: string) {
    const { keys, clock, verifier } = this.deps;
    const key = await this.live(studioId, keyId);
    const secret = newApiKeySecret();
    const now = clock.now();
    if (!(await keys.replaceSecret(keyId, sha256(secret), now)))
      throw new AppError('CONFLICT', 'The API key has expired or been revoked');
    verifier.forgetKey(keyId);
    this.deps.keyChanged?.(keyId);
    await this.audit(caller, 'studio.api-key.rotate', keyId, { studioId });
    return { ...view(key, studioId, now), key: formatApiKey(keyId, secret) };
  }

  async revoke(caller: Caller, studioId: string, keyId: string): Promise<void> {
    await this.live(studioId, keyId);
    if (!(await this.deps.keys.revoke(keyId, this.deps.clock.now())))
      throw new AppError('NOT_FOUND', 'No such API key');
    this.deps.verifier.forgetKey(keyId);
    this.deps.keyChanged?.(keyId);
    await this.audit(caller, 'studio.api-key.revoke', keyId, { studioId });
  }

  async idsOf(studioId: string): Promise<string[]> {
    return (await this.deps.keys.listByStudio(studioId)).map((k) => k.id);
  }

  /** Another studio's key looks exactly like a missing one. */
  private async live(studioId: string, keyId: string): Promise<ApiKeyRecord> {
    const key = await this.deps.keys.byId(keyId);
    if (!key || key.studioId !== studioId || key.revokedAt)
      throw new AppError('NOT_FOUND', 'No such API key');
    return key;
  }

  private audit(caller: Caller, action: string, target: string, detail: Record<string, unknown>) {
    return this.deps.audit.recordUserAction(actorOf(caller), action, target, 'success', detail);
  }
}
