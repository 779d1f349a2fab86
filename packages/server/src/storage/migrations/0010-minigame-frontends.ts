export default /* sql */ `
-- A mini-game's own front end: one self-contained HTML document its studio uploaded, served to
-- players inside a sandboxed iframe. One per mini-game; it goes with the mini-game.
create table minigame_frontends (
  minigame_id text primary key references minigames(id) on delete cascade,
  html text not null,
  sha256 text not null,
  updated_at timestamptz not null
);
`;
