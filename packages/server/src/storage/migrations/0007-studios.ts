export default /* sql */ `
-- Studios publish games under a plan that caps their active players. Owners are not a
-- column: each is a role binding of studio-owner scoped to 'studio:<id>'.
create table studios (
  id uuid primary key,
  name text not null,
  plan text not null,
  created_by uuid references users(id) on delete set null,
  created_at timestamptz not null,
  updated_at timestamptz not null
);

-- A binding may hold only inside one scope (a studio); a null scope holds everywhere. The
-- same role may then be bound to one subject once per scope.
alter table role_bindings add column scope text;
alter table role_bindings drop constraint role_bindings_role_subject_kind_subject_key;
create unique index role_bindings_role_subject_scope_idx
  on role_bindings (role, subject_kind, subject, coalesce(scope, ''));
create index role_bindings_scope_idx on role_bindings (scope) where scope is not null;

-- A studio's keys act for that studio only; they go with it.
alter table api_keys add column studio_id uuid references studios(id) on delete cascade;
create index api_keys_studio_idx on api_keys (studio_id) where studio_id is not null;

-- Every player a studio has had: reported by the studio (its own ids) or a Parlor user who
-- played its games. seat_period is the counting period in which the player holds an active
-- seat ('all' for all-time plans, '2026-12' for monthly ones); any other value, or null, is
-- inactive.
create table studio_players (
  studio_id uuid not null references studios(id) on delete cascade,
  source text not null check (source in ('studio', 'parlor')),
  external_id text not null,
  first_seen_at timestamptz not null,
  last_seen_at timestamptz not null,
  seat_period text,
  primary key (studio_id, source, external_id)
);
create index studio_players_seat_idx on studio_players (studio_id, seat_period);
create index studio_players_order_idx on studio_players (studio_id, first_seen_at, source, external_id);

-- One row per reported login, kept 31 days (the usage figures look back 30).
create table studio_logins (
  studio_id uuid not null references studios(id) on delete cascade,
  at timestamptz not null
);
create index studio_logins_idx on studio_logins (studio_id, at);

-- Answers to usage reports sent with an Idempotency-Key, kept a day, per key.
create table studio_report_requests (
  key_id text not null,
  idempotency_key text not null,
  studio_id uuid not null references studios(id) on delete cascade,
  request_hash text not null,
  response jsonb not null,
  created_at timestamptz not null,
  primary key (key_id, idempotency_key)
);
create index studio_report_requests_age_idx on studio_report_requests (created_at);
`;
