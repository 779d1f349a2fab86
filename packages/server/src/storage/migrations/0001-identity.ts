export default /* sql */ `
create table users (
  id uuid primary key,
  username text not null,
  username_key text not null unique,
  password_hash text not null,
  -- seed 003: the per-user secret that keys this user's join tickets (HMAC)
  ticket_secret text not null,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  disabled_at timestamptz,
  failed_logins integer not null default 0,
  locked_until timestamptz
);

create table sessions (
  id uuid primary key,
  user_id uuid not null references users(id) on delete cascade,
  token_hash text not null unique,
  created_at timestamptz not null,
  last_seen_at timestamptz not null,
  expires_at timestamptz not null,
  ip text,
  user_agent text,
  revoked_at timestamptz,
  revoked_reason text
);
create index sessions_user_idx on sessions (user_id) where revoked_at is null;

create table bootstrap (
  id integer primary key check (id = 1),
  code_hash text not null,
  created_at timestamptz not null,
  used_at timestamptz
);

create table audit_log (
  id bigserial primary key,
  at timestamptz not null,
  actor_kind text not null,
  actor_id text,
  actor_name text,
  action text not null,
  target text,
  ip text,
  outcome text not null,
  detail jsonb
);
create index audit_log_at_idx on audit_log (at);
create index audit_log_actor_idx on audit_log (actor_id, at);
`;
