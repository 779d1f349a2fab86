import { AUTHENTICATED_GROUP } from './principal.js';
import type { Rule } from './rules.js';

/**
 * The built-in roles, reconciled at every start (their rules are reset to these). Resources
 * are the names used by route declarations; see docs/rbac.md for the table.
 */
export const DEFAULT_ROLES: Record<string, Rule[]> = {
  admin: [{ resources: ['*'], verbs: ['*'] }],
  player: [
    { resources: ['me', 'sessions'], verbs: ['get', 'list', 'update', 'delete'] },
    { resources: ['api-keys'], verbs: ['get', 'list', 'create', 'update', 'delete'] },
    { resources: ['tickets'], verbs: ['create'] },
    { resources: ['game-types'], verbs: ['list', 'get'] },
    { resources: ['games'], verbs: ['get', 'list', 'create', 'delete'] },
    { resources: ['game-joins'], verbs: ['create'] },
    { resources: ['messages'], verbs: ['get', 'list', 'create', 'delete'] },
    { resources: ['blocks', 'presence'], verbs: ['get', 'list', 'create', 'delete'] },
    { resources: ['realtime'], verbs: ['connect'] },
    { resources: ['studios'], verbs: ['create', 'list'] },
    { resources: ['plans'], verbs: ['list'] },
    { resources: ['access-reviews'], verbs: ['create'] },
    // Anyone may run a community server (seed 003) and so hold a key for one.
    { resources: ['roles'], verbs: ['bind'], resourceNames: ['community-server'] },
  ],
  // Bound per studio (scoped to `studio:<id>`), so it holds for that studio only.
  'studio-owner': [
    {
      resources: ['studios', 'studio-owners', 'studio-api-keys', 'studio-players', 'studio-metrics'],
      verbs: ['get', 'list', 'create', 'update', 'delete'],
    },
    { resources: ['plans', 'minigames'], verbs: ['get', 'list', 'create', 'update', 'delete'] },
    {
      resources: ['roles'],
      verbs: ['bind'],
      resourceNames: ['minigame', 'metrics-reporter', 'community-server'],
    },
  ],
  minigame: [{ resources: ['minigame-sockets'], verbs: ['connect'] }],
  'metrics-reporter': [{ resources: ['metrics'], verbs: ['create'] }],
  'community-server': [{ resources: ['ticket-verifications'], verbs: ['create'] }],
};

/** Built-in bindings: every signed-in user is a player. */
export const DEFAULT_BINDINGS = [
  { name: 'players', role: 'player', subjectKind: 'group' as const, subject: AUTHENTICATED_GROUP },
];
