export default /* sql */ `
-- The catalogue code a game ended with (MINIGAME_FAILED, INTERNAL, ...) beside its plain-words
-- end_reason, when its game server reported one; null for every other end.
alter table games add column end_code text;

-- A studio reads the recent games of its mini-game (its type), newest first.
create index games_type_created_idx on games (type, created_at desc);
`;
