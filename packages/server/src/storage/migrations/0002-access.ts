export default /* sql */ `
create table api_keys (
  id text primary key,
  owner_id uuid not null references users(id) on delete cascade,
  name text not null,
  role text not null,
  secret_hash text not null,
  created_at timestamptz not null,
  expires_at timestamptz,
  last_used_at timestamptz,
  revoked_at timestamptz
);
create index api_keys_owner_idx on api_keys (owner_id);

create table roles (
  name text primary key,
  rules jsonb not null,
  builtin boolean not null default false,
  created_at timestamptz not null,
  updated_at timestamptz not null
);

create table role_bindings (
  name text primary key,
  role text not null references roles(name) on delete cascade,
  subject_kind text not null check (subject_kind in ('user', 'group', 'apiKey')),
  subject text not null,
  builtin boolean not null default false,
  created_at timestamptz not null,
  unique (role, subject_kind, subject)
);

-- Single use of join tickets: a nonce is kept until its ticket would have expired anyway.
create table used_ticket_nonces (
  nonce text primary key,
  expires_at timestamptz not null
);
`;
