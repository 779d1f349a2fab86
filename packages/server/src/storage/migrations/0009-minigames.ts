export default /* sql */ `
-- A studio's mini-game: a game type whose rules run on the studio's own server. Its id is the
-- game type id, unique beside the built-in games (the service refuses those ids).
create table minigames (
  id text primary key,
  studio_id uuid not null references studios(id) on delete cascade,
  name text not null,
  min_players integer not null,
  max_players integer not null,
  difficulties jsonb not null,
  options jsonb,
  plays integer not null default 0,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index minigames_studio_idx on minigames (studio_id);

-- A minigame key serves that one mini-game; it goes with it.
alter table api_keys add column minigame_id text references minigames(id) on delete cascade;

-- Every connection of a mini-game's server: where from, which protocol version, since when,
-- and how it ended (seed 002 asks for the servers' addresses to be kept).
create table minigame_connections (
  id uuid primary key,
  minigame_id text not null references minigames(id) on delete cascade,
  key_id text not null,
  node_id text not null,
  address text not null,
  protocol_version integer not null,
  connected_at timestamptz not null,
  ended_at timestamptz,
  end_reason text
);
create index minigame_connections_idx on minigame_connections (minigame_id, connected_at desc);
create index minigame_connections_open_idx on minigame_connections (node_id) where ended_at is null;
`;
