import identity from './0001-identity.js';
import access from './0002-access.js';
import games from './0004-games.js';
import chat from './0005-chat.js';
import stats from './0006-stats.js';
import studios from './0007-studios.js';
import gameRelay from './0008-game-relay.js';
import minigames from './0009-minigames.js';
import minigameFrontends from './0010-minigame-frontends.js';
import auditTarget from './0011-audit-target.js';
import gameEndCode from './0012-game-end-code.js';

/**
 * Every migration, in order. Ids are never renumbered or edited once released: a change is
 * a new migration. Features add theirs at the end.
 *
 * There is no 0003, and never was: the id went unused before the first release (the project's
 * history has no 0003 file). Closing the gap would renumber released migrations, so it stays.
 * Gaps are harmless: each migration is applied by its id (schema_migrations), not its position.
 */
export const migrations: readonly { id: string; sql: string }[] = [
  { id: '0001-identity', sql: identity },
  { id: '0002-access', sql: access },
  { id: '0004-games', sql: games },
  { id: '0005-chat', sql: chat },
  { id: '0006-stats', sql: stats },
  { id: '0007-studios', sql: studios },
  { id: '0008-game-relay', sql: gameRelay },
  { id: '0009-minigames', sql: minigames },
  { id: '0010-minigame-frontends', sql: minigameFrontends },
  { id: '0011-audit-target', sql: auditTarget },
  { id: '0012-game-end-code', sql: gameEndCode },
];
