import type { Queryable } from '../storage/db.js';

export interface ApiKeyRecord {
  id: string;
  ownerId: string;
  name: string;
  role: string;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  /** Set for a studio's key: it acts for that studio only, and its owners manage it. */
  studioId?: string | null;
  /** Set for a studio's `minigame` key: it serves that one mini-game. */
  minigameId?: string | null;
}

/** A key with what authentication needs: its secret's hash and whether its owner may act. */
export interface ApiKeyForAuth extends ApiKeyRecord {
  secretHash: string;
  ownerDisabled: boolean;
}

type Row = {
  id: string;
  owner_id: string;
  name: string;
  role: string;
  secret_hash: string;
  created_at: Date;
  expires_at: Date | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
  studio_id: string | null;
  minigame_id: string | null;
};

const toKey = (r: Row): ApiKeyRecord => ({
  id: r.id,
  ownerId: r.owner_id,
  name: r.name,
  role: r.role,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  lastUsedAt: r.last_used_at,
  revokedAt: r.revoked_at,
  studioId: r.studio_id ?? null,
  minigameId: r.minigame_id ?? null,
});

/** SQL for API keys. Only the SHA-256 of a key's secret is ever stored. */
export class ApiKeysStore {
  constructor(private readonly db: Queryable) {}

  async insert(k: Omit<ApiKeyRecord, 'lastUsedAt' | 'revokedAt'> & { secretHash: string }): Promise<void> {
    await this.db.query(
      `insert into api_keys (id, owner_id, name, role, secret_hash, created_at, expires_at, studio_id,
         minigame_id) values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        k.id,
        k.ownerId,
        k.name,
        k.role,
        k.secretHash,
        k.createdAt,
        k.expiresAt,
        k.studioId ?? null,
        k.minigameId ?? null,
      ],
    );
  }

  async byId(id: string): Promise<ApiKeyRecord | undefined> {
    const rows = await this.db.query<Row>('select * from api_keys where id = $1', [id]);
    return rows[0] && toKey(rows[0]);
  }

  async forAuth(id: string): Promise<ApiKeyForAuth | undefined> {
    const rows = await this.db.query<Row & { disabled_at: Date | null }>(
      'select k.*, u.disabled_at from api_keys k join users u on u.id = k.owner_id where k.id = $1',
      [id],
    );
    const r = rows[0];
    return r && { ...toKey(r), secretHash: r.secret_hash, ownerDisabled: r.disabled_at !== null };
  }

  /**
   * Personal keys of an owner that are not revoked, newest first (expired ones too, marked by
   * the caller). Studio keys are the studio's, listed with it.
   */
  async listByOwner(ownerId: string): Promise<ApiKeyRecord[]> {
    const rows = await this.db.query<Row>(
      `select * from api_keys where owner_id = $1 and studio_id is null and revoked_at is null
       order by created_at desc, id`,
      [ownerId],
    );
    return rows.map(toKey);
  }

  async countLive(ownerId: string, now: Date): Promise<number> {
    const rows = await this.db.query<{ n: number }>(
      `select count(*)::int as n from api_keys where owner_id = $1 and studio_id is null
       and revoked_at is null and (expires_at is null or expires_at > $2)`,
      [ownerId, now],
    );
    return rows[0]?.n ?? 0;
  }

  /** A studio's keys that are not revoked, newest first. */
  async listByStudio(studioId: string): Promise<ApiKeyRecord[]> {
    const rows = await this.db.query<Row>(
      'select * from api_keys where studio_id = $1 and revoked_at is null order by created_at desc, id',
      [studioId],
    );
    return rows.map(toKey);
  }

  async idsOfMinigame(minigameId: string): Promise<string[]> {
    const rows = await this.db.query<{ id: string }>('select id from api_keys where minigame_id = $1', [
      minigameId,
    ]);
    return rows.map((r) => r.id);
  }

  async countLiveInStudio(studioId: string, now: Date): Promise<number> {
    const rows = await this.db.query<{ n: number }>(
      `select count(*)::int as n from api_keys
       where studio_id = $1 and revoked_at is null and (expires_at is null or expires_at > $2)`,
      [studioId, now],
    );
    return rows[0]?.n ?? 0;
  }

  async revoke(id: string, now: Date): Promise<boolean> {
    const rows = await this.db.query(
      'update api_keys set revoked_at = $2 where id = $1 and revoked_at is null returning id',
      [id, now],
    );
    return rows.length === 1;
  }

  /** Replaces the secret of a live key; the old secret stops working with this write. */
  async replaceSecret(id: string, secretHash: string, now: Date): Promise<boolean> {
    const rows = await this.db.query(
      `update api_keys set secret_hash = $2 where id = $1 and revoked_at is null
       and (expires_at is null or expires_at > $3) returning id`,
      [id, secretHash, now],
    );
    return rows.length === 1;
  }

  async touch(id: string, now: Date): Promise<void> {
    await this.db.query('update api_keys set last_used_at = $2 where id = $1', [id, now]);
  }
}
