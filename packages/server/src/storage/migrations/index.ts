import identity from './0001-identity.js';
import access from './0002-access.js';
import games from './0004-games.js';
import chat from './0005-chat.js';

/**
 * Every migration, in order. Ids are never renumbered or edited once released: a change is
 * a new migration. Features add theirs at the end.
 *
 * There is no 0003: features built side by side reserved their ids in advance, and the one that
 * held 0003 was folded into 0002 (API keys and ticket nonces) before any release. Closing the gap
 * would renumber released migrations, so it stays. Gaps are harmless: each migration is applied
 * by its id (schema_migrations), not by its position.
 */
export const migrations: readonly { id: string; sql: string }[] = [
  { id: '0001-identity', sql: identity },
  { id: '0002-access', sql: access },
  { id: '0004-games', sql: games },
  { id: '0005-chat', sql: chat },
];
