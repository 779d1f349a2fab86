export default /* sql */ `
-- Engagement stats (docs/stats.md). The stats feature reads only these tables, so every event
-- carries what the figures need. Raw rows are kept for PARLOR_STATS_RETENTION_DAYS; the
-- rollups below them are kept for good.

-- Users as stats knows them: a dense number (seq) that indexes the daily activity bitmaps, the
-- name key for search, running totals for the per-user figures, and whether the user came
-- back 1, 7 and 30 days after registering (retention cohorts).
create sequence stats_user_seq minvalue 0 start 0;
create table stats_users (
  user_id uuid primary key,
  seq integer not null unique default nextval('stats_user_seq'),
  username_key text not null,
  registered_at timestamptz not null,
  logins integer not null default 0,
  last_login_at timestamptz,
  last_seen_at timestamptz,
  sessions integer not null default 0,
  session_seconds double precision not null default 0,
  games_played integer not null default 0,
  games_won integer not null default 0,
  chat_messages integer not null default 0,
  back_day1 boolean not null default false,
  back_day7 boolean not null default false,
  back_day30 boolean not null default false
);
create index stats_users_registered_idx on stats_users (registered_at);

-- Accounts made before stats existed count from their registration on.
insert into stats_users (user_id, username_key, registered_at)
  select id, username_key, created_at from users order by created_at, id;

-- Every event, append-only. kind names what it counts (logins, sessions, games_finished, ...);
-- dim is its one dimension (game type, chat channel kind, why a session ended); intervals
-- (sessions, time online, games) carry their start and length.
create table stats_events (
  at timestamptz not null,
  kind text not null,
  user_id uuid,
  dim text,
  started_at timestamptz,
  seconds double precision,
  players integer
);
create index stats_events_kind_at_idx on stats_events (kind, at);
create index stats_events_at_brin on stats_events using brin (at);

-- Sessions whose end stats has not seen yet, with their last sign of activity: the sweep ends
-- the ones that expired without a logout at that last activity.
create table stats_sessions (
  session_id uuid primary key,
  user_id uuid not null,
  started_at timestamptz not null,
  last_active_at timestamptz not null,
  expires_at timestamptz not null
);
create index stats_sessions_expiry_idx on stats_sessions (expires_at);
create index stats_sessions_active_idx on stats_sessions (last_active_at);

-- Realtime sockets open now, on every node; seen_at is refreshed by their node's sampler, so
-- the sockets of a node that died are closed at their last refresh.
create table stats_online (
  connection_id text primary key,
  user_id uuid not null,
  node_id text not null,
  since timestamptz not null,
  seen_at timestamptz not null
);
create index stats_online_node_idx on stats_online (node_id);

-- Games not over yet, for the games-by-status gauge.
create table stats_live_games (
  game_id uuid primary key,
  type text not null,
  status text not null
);

-- The hours in which each user was active (signed in, used the API, was on the realtime socket).
create table stats_activity (
  hour timestamptz not null,
  user_seq integer not null,
  primary key (hour, user_seq)
);

-- Users online, sampled by minute.
create table stats_samples (
  at timestamptz primary key,
  users integer not null
);

-- Rollups, kept for good. Counts and sums per hour; concurrent_users holds the hour's peak.
create table stats_hourly (
  metric text not null,
  hour timestamptz not null,
  dim text not null default '',
  value double precision not null,
  primary key (metric, hour, dim)
);
-- The same per UTC day, for long ranges (a year is 365 rows a metric, not 8,760).
create table stats_daily (
  metric text not null,
  day timestamptz not null,
  dim text not null default '',
  value double precision not null,
  primary key (metric, day, dim)
);
-- Who was active each UTC day: bit n is the user with seq n.
create table stats_daily_active (
  day timestamptz primary key,
  users bytea not null,
  count integer not null
);
-- Session and game lengths per day, in buckets of two significant figures (medians, p90s).
create table stats_lengths (
  metric text not null,
  day timestamptz not null,
  dim text not null default '',
  bucket double precision not null,
  n integer not null,
  primary key (metric, day, dim, bucket)
);
-- Days before rolled_until are rolled up; raw rows before compacted_until are gone.
create table stats_rollup_state (
  id integer primary key check (id = 1),
  rolled_until timestamptz,
  compacted_until timestamptz
);
insert into stats_rollup_state (id) values (1);
`;
