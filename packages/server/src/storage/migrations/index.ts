import identity from './0001-identity.js';
import access from './0002-access.js';
import games from './0004-games.js';
import chat from './0005-chat.js';
import studios from './0007-studios.js';

/**
 * Every migration, in order. Ids are never renumbered or edited once released: a change is
 * a new migration. Features add theirs at the end.
 */
export const migrations: readonly { id: string; sql: string }[] = [
  { id: '0001-identity', sql: identity },
  { id: '0002-access', sql: access },
  { id: '0004-games', sql: games },
  { id: '0005-chat', sql: chat },
  { id: '0007-studios', sql: studios },
];
