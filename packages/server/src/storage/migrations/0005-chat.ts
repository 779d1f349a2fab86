export default /* sql */ `
-- One row per channel that has ever had a message or a setting. last_seq is the channel's
-- sequence counter: a poster locks this row, so posters to one channel are serialised and
-- every seq is committed in order (no gaps appear except by deletion).
-- Ids: 'lobby', 'game:<gameId>', 'dm:<smallerUserId>:<largerUserId>'.
create table chat_channels (
  id text primary key,
  last_seq bigint not null default 0,
  ttl_seconds integer check (ttl_seconds > 0),
  created_at timestamptz not null
);

-- Bodies are sealed (AES-256-GCM, see chat/message-sealer.ts): key_id names the key, nonce is
-- random per message, and channel and seq are bound as associated data. A deleted or expired
-- message keeps only a tombstone (no body, nonce or key) so a retried post with the same
-- client_id is still recognised; tombstones are purged after chatTombstoneHours.
create table chat_messages (
  channel_id text not null references chat_channels(id) on delete cascade,
  seq bigint not null,
  sender_id uuid not null references users(id) on delete cascade,
  client_id text not null,
  key_id text,
  nonce bytea,
  body_sealed bytea,
  created_at timestamptz not null,
  expires_at timestamptz,
  deleted_at timestamptz,
  primary key (channel_id, seq),
  unique (channel_id, sender_id, client_id)
);
create index chat_messages_expiry_idx on chat_messages (expires_at)
  where expires_at is not null and deleted_at is null;
create index chat_messages_tombstone_idx on chat_messages (deleted_at) where deleted_at is not null;

create table chat_blocks (
  blocker_id uuid not null references users(id) on delete cascade,
  blocked_id uuid not null references users(id) on delete cascade,
  created_at timestamptz not null,
  primary key (blocker_id, blocked_id),
  check (blocker_id <> blocked_id)
);
create index chat_blocks_blocked_idx on chat_blocks (blocked_id);
`;
