import type { Db, Queryable } from '../storage/db.js';
import type { SealedBody } from './message-sealer.js';

export interface StoredMessage {
  channelKey: string;
  seq: number;
  senderId: string;
  senderName: string;
  clientId: string;
  /** Null for a tombstone (deleted or expired). */
  box: SealedBody | null;
  createdAt: Date;
  expiresAt: Date | null;
}

export interface NewMessage {
  channelKey: string;
  senderId: string;
  clientId: string;
  ttlSeconds?: number;
  now: Date;
  /** Seals the body once the seq is known (seq is part of the associated data). */
  seal(seq: number): SealedBody;
}

type Row = {
  channel_id: string;
  seq: number;
  sender_id: string;
  username: string;
  client_id: string;
  key_id: string | null;
  nonce: Uint8Array | null;
  body_sealed: Uint8Array | null;
  created_at: Date;
  expires_at: Date | null;
};

const SELECT = `select m.channel_id, m.seq, m.sender_id, u.username, m.client_id, m.key_id, m.nonce,
  m.body_sealed, m.created_at, m.expires_at from chat_messages m join users u on u.id = m.sender_id`;
// What every read shows: neither deleted nor expired at the reader's clock.
const VISIBLE = 'm.deleted_at is null and (m.expires_at is null or m.expires_at > $NOW)';

const toMessage = (r: Row): StoredMessage => ({
  channelKey: r.channel_id,
  seq: r.seq,
  senderId: r.sender_id,
  senderName: r.username,
  clientId: r.client_id,
  box:
    r.key_id && r.nonce && r.body_sealed
      ? { keyId: r.key_id, nonce: Buffer.from(r.nonce), sealed: Buffer.from(r.body_sealed) }
      : null,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
});

/** SQL for channels and messages. Sequence numbers are assigned here, inside the insert's transaction. */
export class ChatStore {
  constructor(private readonly db: Db) {}

  /**
   * Appends a message, or returns the one this sender already posted with this clientId
   * (`created: false`). Resolves only after the commit: the caller may acknowledge it.
   */
  async append(m: NewMessage): Promise<{ message: StoredMessage; created: boolean }> {
    return this.db.transaction(async (tx) => {
      const channel = await lockChannel(tx, m.channelKey, m.now);
      const [existing] = await tx.query<Row>(
        `${SELECT} where m.channel_id = $1 and m.sender_id = $2 and m.client_id = $3`,
        [m.channelKey, m.senderId, m.clientId],
      );
      if (existing) return { message: toMessage(existing), created: false };
      const seq = channel.last_seq + 1;
      const ttl = m.ttlSeconds ?? channel.ttl_seconds;
      const expiresAt = ttl ? new Date(m.now.getTime() + ttl * 1000) : null;
      const box = m.seal(seq);
      await tx.query('update chat_channels set last_seq = $2 where id = $1', [m.channelKey, seq]);
      const [row] = await tx.query<Row>(
        `with m as (
           insert into chat_messages (channel_id, seq, sender_id, client_id, key_id, nonce, body_sealed, created_at, expires_at)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning *)
         ${SELECT.replace('from chat_messages m', 'from m')}`,
        [m.channelKey, seq, m.senderId, m.clientId, box.keyId, box.nonce, box.sealed, m.now, expiresAt],
      );
      return { message: toMessage(row!), created: true };
    });
  }

  /** Visible messages with seq > after, oldest first, and the channel's last seq. */
  async page(
    channelKey: string,
    options: { after: number; limit: number; now: Date; hideSenders?: readonly string[] },
  ): Promise<{ messages: StoredMessage[]; lastSeq: number }> {
    const rows = await this.db.query<Row>(
      `${SELECT} where m.channel_id = $1 and m.seq > $2 and ${VISIBLE.replace('$NOW', '$3')}
         and not (m.sender_id = any($5::uuid[]))
       order by m.seq limit $4`,
      [channelKey, options.after, options.now, options.limit, options.hideSenders ?? []],
    );
    return { messages: rows.map(toMessage), lastSeq: await this.lastSeq(channelKey) };
  }

  async lastSeq(channelKey: string): Promise<number> {
    const rows = await this.db.query<{ last_seq: number }>(
      'select last_seq from chat_channels where id = $1',
      [channelKey],
    );
    return rows[0]?.last_seq ?? 0;
  }

  async sender(channelKey: string, seq: number, now: Date): Promise<string | undefined> {
    const rows = await this.db.query<{ sender_id: string }>(
      `select sender_id from chat_messages m where channel_id = $1 and seq = $2 and ${VISIBLE.replace('$NOW', '$3')}`,
      [channelKey, seq, now],
    );
    return rows[0]?.sender_id;
  }

  /** Turns a visible message into a tombstone; false when there was none. */
  async remove(channelKey: string, seq: number, now: Date): Promise<boolean> {
    const rows = await this.db.query(
      `update chat_messages m set key_id = null, nonce = null, body_sealed = null, deleted_at = $3
       where channel_id = $1 and seq = $2 and ${VISIBLE.replace('$NOW', '$3')} returning seq`,
      [channelKey, seq, now],
    );
    return rows.length === 1;
  }

  /** Tombstones up to `limit` expired messages; returns which. Safe to run on several nodes at once. */
  async expire(now: Date, limit: number): Promise<{ channelKey: string; seq: number }[]> {
    const rows = await this.db.query<{ channel_id: string; seq: number }>(
      `update chat_messages set key_id = null, nonce = null, body_sealed = null, deleted_at = $1
       where (channel_id, seq) in (
         select channel_id, seq from chat_messages
         where deleted_at is null and expires_at <= $1 limit $2 for update skip locked)
       returning channel_id, seq`,
      [now, limit],
    );
    return rows.map((r) => ({ channelKey: r.channel_id, seq: r.seq }));
  }

  async purgeTombstones(cutoff: Date): Promise<number> {
    const rows = await this.db.query('delete from chat_messages where deleted_at < $1 returning seq', [
      cutoff,
    ]);
    return rows.length;
  }

  async ttl(channelKey: string): Promise<number | null> {
    const rows = await this.db.query<{ ttl_seconds: number | null }>(
      'select ttl_seconds from chat_channels where id = $1',
      [channelKey],
    );
    return rows[0]?.ttl_seconds ?? null;
  }

  async setTtl(channelKey: string, ttlSeconds: number | null, now: Date): Promise<void> {
    await this.db.query(
      `insert into chat_channels (id, ttl_seconds, created_at) values ($1, $2, $3)
       on conflict (id) do update set ttl_seconds = excluded.ttl_seconds`,
      [channelKey, ttlSeconds, now],
    );
  }
}

async function lockChannel(tx: Queryable, key: string, now: Date) {
  await tx.query('insert into chat_channels (id, created_at) values ($1, $2) on conflict (id) do nothing', [
    key,
    now,
  ]);
  // The row lock is what serialises posters per channel: the next poster waits here until this
  // transaction commits, then reads the committed last_seq.
  const [channel] = await tx.query<{ last_seq: number; ttl_seconds: number | null }>(
    'select last_seq, ttl_seconds from chat_channels where id = $1 for update',
    [key],
  );
  return channel!;
}
