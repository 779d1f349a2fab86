export default /* sql */ `
-- One row per game. Secrets never appear in clear: the reporting token and the passcode as
-- hashes, the connect key sealed under the server key. All three are set to null when the
-- game is over, which is what "destroyed" means here.
create table games (
  id uuid primary key,
  type text not null,
  status text not null
    check (status in ('launching', 'waiting', 'in_progress', 'finished', 'failed', 'ended')),
  host_id uuid not null references users(id) on delete cascade,
  max_players integer not null,
  difficulty text,
  request_id text,
  reporting_token_hash text,
  passcode_hash text unique,
  connect_key_sealed text,
  -- which launcher instance can see this game's server (see GameServerLauncher.scope)
  launcher_scope text not null,
  public_host text,
  public_port integer,
  url text,
  players_online integer not null default 0,
  created_at timestamptz not null,
  ready_at timestamptz,
  started_at timestamptz,
  ended_at timestamptz,
  last_heartbeat_at timestamptz,
  -- since when nobody has been connected; null while someone is (idle reaping)
  empty_since timestamptz,
  end_reason text,
  summary text,
  unique (host_id, request_id)
);
create index games_live_idx on games (status) where status in ('launching', 'waiting', 'in_progress');

-- Seats. player_id is the opaque per-game id the game server (and any mini-game) sees
-- instead of the user id.
create table game_players (
  game_id uuid not null references games(id) on delete cascade,
  user_id uuid not null references users(id) on delete cascade,
  player_id text not null,
  display_name text not null,
  role text not null check (role in ('host', 'player')),
  joined_at timestamptz not null,
  primary key (game_id, user_id),
  unique (game_id, player_id)
);
create index game_players_user_idx on game_players (user_id);

create table game_results (
  game_id uuid not null references games(id) on delete cascade,
  user_id uuid not null references users(id) on delete cascade,
  score double precision not null,
  rank integer not null,
  primary key (game_id, user_id)
);
`;
