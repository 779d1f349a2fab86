import type { FastifyPluginAsync } from 'fastify';
import type { MinigameAttachRequest } from '@parlor/protocol';
import type { Authorizer } from './access/authorizer.js';
import type { ApiKeyVerifier } from './api-keys/api-key-verifier.js';
import { ApiKeysStore } from './api-keys/api-keys-store.js';
import type { AuditLog } from './audit/audit-log.js';
import type { Config } from './config.js';
import type { AccountsStore } from './identity/accounts-store.js';
import type { Limiter } from './rate-limit/limiter.js';
import type { MinigameDispatch, StudioAdmission } from './matchmaker/context.js';
import type { GameHistoryEntry } from './matchmaker/game-record.js';
import type { Clock } from './platform/clock.js';
import type { Logger } from './platform/logger.js';
import { Sweeper } from './platform/sweeper.js';
import type { Db } from './storage/db.js';
import { studioAdmission } from './studios/admission.js';
import { studioKeyRoutes } from './studios/key-routes.js';
import { PlanService } from './studios/plan-service.js';
import { PlanCatalogue } from './studios/plans.js';
import { PlayerPages } from './studios/player-pages.js';
import { PlayersStore } from './studios/players-store.js';
import { ReportRequestsStore } from './studios/report-requests-store.js';
import { StudioSeats } from './studios/seats.js';
import { StudioGameTypes } from './studios/studio-game-types.js';
import { StudioKeys } from './studios/studio-keys.js';
import { studioRoutes } from './studios/studio-routes.js';
import { StudioService } from './studios/studio-service.js';
import { StudiosStore } from './studios/studios-store.js';
import { UsageService } from './studios/usage-service.js';
import { usageRoutes } from './studios/usage-routes.js';
import { ConnectionsStore } from './minigames/connections-store.js';
import { frontendRoutes } from './minigames/frontend-routes.js';
import { FrontendService } from './minigames/frontend-service.js';
import { FrontendsStore } from './minigames/frontends-store.js';
import { minigameRoutes } from './minigames/minigame-routes.js';
import { MinigameService } from './minigames/minigame-service.js';
import { MinigamesStore } from './minigames/minigames-store.js';
import { minigameConnectRoutes } from './minigames/connect-route.js';
import { MinigameServers } from './minigames/minigame-servers.js';
import { MinigameRoster } from './minigames/minigame-roster.js';
import { AttachRelay } from './minigames/attach-relay.js';
import { MinigameNotices } from './minigames/minigame-notices.js';
import { endStaleConnections } from './minigames/stale-connections.js';
import type { Bus, PresenceStore } from './bus/index.js';
import { subjectOf } from './access/principal.js';

export interface StudioWiring {
  config: Config;
  db: Db;
  clock: Clock;
  logger: Logger;
  limiter: Limiter;
  audit: AuditLog;
  authorizer: Authorizer;
  accounts: AccountsStore;
  apiKeyVerifier: Pick<ApiKeyVerifier, 'forgetKey' | 'verify'>;
  /** This node's id: mini-game connections are recorded with the node that holds them. */
  nodeId: string;
  /** Carries attach requests to the node that holds a mini-game's server. */
  bus: Bus;
  /** Which node holds a server of which mini-game (a presence store of its own, not of people's). */
  minigamePresence: PresenceStore;
  /** Live games of these types; asked before a studio is deleted (the matchmaker answers). */
  liveGamesOfTypes(types: readonly string[]): Promise<number>;
  /** The latest games of a mini-game (the matchmaker answers). */
  recentGamesOfType(type: string, limit: number): Promise<GameHistoryEntry[]>;
  /** A fresh attach request for a server of the mini-game that lost a running game's socket. */
  reattach(minigameId: string, gameId: string): Promise<MinigameAttachRequest | null>;
  /** Game type ids taken by the built-in games. */
  builtInTypes: readonly string[];
}

const DAY_MS = 86_400_000;
// Long enough for a far-away server over a slow link; a socket that says nothing goes.
const HELLO_TIMEOUT_MS = 10_000;
// Presence drops a killed node after its TTL; reading again this often adds at most this much.
const ROSTER_REFRESH_MS = 5_000;
// One bus round trip on a healthy cluster is milliseconds; past this the node counts as gone.
const ATTACH_REPLY_WAIT_MS = 2_000;

/** Studios, plans and usage: what the matchmaker needs (admission, game types) and the routes. */
export function composeStudios(w: StudioWiring) {
  const { config, db, clock, audit, authorizer } = w;
  const plans = new PlanCatalogue(config.plans);
  const studios = new StudiosStore();
  const players = new PlayersStore();
  const requests = new ReportRequestsStore();
  const connections = new ConnectionsStore();
  const minigamesStore = new MinigamesStore();
  const roster = new MinigameRoster({
    presence: w.minigamePresence,
    bus: w.bus,
    log: w.logger,
    refreshMs: ROSTER_REFRESH_MS,
  });
  const servers = new MinigameServers({ db, connections, clock, nodeId: w.nodeId, log: w.logger, roster });
  const relay = new AttachRelay({
    bus: w.bus,
    nodeId: w.nodeId,
    log: w.logger,
    sendHere: (minigameId, frame) => servers.send(minigameId, frame),
    nodesOf: (minigameId) => roster.nodesOf(minigameId),
    replyWaitMs: ATTACH_REPLY_WAIT_MS,
  });
  const connected = (type: string) => roster.connected(type);
  const notices = new MinigameNotices(w.bus, w.logger);
  let stopNotices = async () => {};
  const dropKeysHere = (keyIds: readonly string[]) => {
    for (const id of keyIds) w.apiKeyVerifier.forgetKey(id);
    servers.dropKeys(keyIds);
  };
  // A key's connection may be held by another node: each node ends what it holds.
  const dropKeys = (keyIds: readonly string[]) => {
    dropKeysHere(keyIds);
    notices.keysDropped(keyIds);
  };
  const gameTypes = new StudioGameTypes(connected, config.minigameFrontends === 'sandboxed');
  const apiKeys = new ApiKeysStore(db);
  const seats = new StudioSeats({ db, studios, players, plans, clock });
  const keys = new StudioKeys({
    keys: apiKeys,
    verifier: w.apiKeyVerifier,
    authorizer,
    audit,
    clock,
    maxLiveKeys: config.apiKeysPerOwner,
    // A revoked or rotated minigame key ends the connections it opened.
    keyChanged: (keyId) => dropKeys([keyId]),
  });
  const studioService = new StudioService({
    db,
    studios,
    plans,
    authorizer,
    accounts: w.accounts,
    audit,
    clock,
    creation: config.studioCreation,
    dependents: {
      liveGames: (studioId) => w.liveGamesOfTypes(gameTypes.typesOf(studioId)),
      keyIds: (studioId) => keys.idsOf(studioId),
      forget: (studioId, keyIds) => {
        gameTypes.forget(studioId);
        notices.catalogueChanged();
        dropKeys(keyIds);
      },
    },
  });
  const planChanges = new PlanService({ db, studios, players, plans, studioService, audit, clock });
  const usage = new UsageService({
    db,
    seats,
    players,
    requests,
    plans,
    studioService,
    limiter: w.limiter,
    clock,
    reportsPerSecond: config.metricsReportsPerSecond,
  });
  const minigames = new MinigameService({
    db,
    minigames: minigamesStore,
    connections,
    studios: studioService,
    keys,
    gameTypes,
    audit,
    clock,
    reservedTypes: new Set(w.builtInTypes),
    liveGames: (type) => w.liveGamesOfTypes([type]),
    recentGames: (type, limit) => w.recentGamesOfType(type, limit),
    connected,
    keysGone: dropKeys,
    catalogueChanged: () => notices.catalogueChanged(),
    keyIdsOf: (minigameId) => apiKeys.idsOfMinigame(minigameId),
  });
  const frontends = new FrontendService({
    db,
    minigames: minigamesStore,
    frontends: new FrontendsStore(),
    gameTypes,
    audit,
    clock,
    accepting: config.minigameFrontends === 'sandboxed',
    view: (studioId, id) => minigames.get(studioId, id),
  });
  const pages = new PlayerPages({ db, players, plans, studioService, clock });
  const admission: StudioAdmission = studioAdmission(seats, () => clock.now());
  const sweeper = new Sweeper(
    [
      // The usage figures look back 30 days; a day more covers any report's `at`.
      {
        name: 'studio-logins',
        run: () => players.purgeLoginsBefore(db, new Date(clock.nowMs() - 31 * DAY_MS)),
      },
      {
        name: 'minigame-connections',
        run: () => connections.purgeEndedBefore(db, new Date(clock.nowMs() - 31 * DAY_MS)),
      },
      {
        name: 'minigame-connections-stale',
        run: () =>
          endStaleConnections({
            db,
            connections,
            clock,
            liveIds: (minigameId) => roster.connectionIdsOf(minigameId),
            holdsHere: (id) => servers.holds(id),
          }),
      },
      {
        name: 'studio-report-requests',
        run: () => requests.purgeBefore(db, new Date(clock.nowMs() - DAY_MS)),
      },
    ],
    w.logger,
    config.sweepIntervalSeconds * 1000,
  );

  const routes: FastifyPluginAsync = async (v1) => {
    // Stopping only ends the timer and subscriptions: connections closed later still untrack.
    v1.addHook(
      'preClose',
      async () => void (await Promise.all([roster.stop(), relay.stop(), stopNotices()])),
    );
    await v1.register(studioRoutes, { studios: studioService, planChanges, plans });
    await v1.register(studioKeyRoutes, { keys });
    await v1.register(usageRoutes, { usage, players: pages });
    await v1.register(minigameRoutes, { minigames });
    await v1.register(frontendRoutes, { frontends });
    await v1.register(minigameConnectRoutes, {
      servers,
      log: w.logger,
      helloTimeoutMs: HELLO_TIMEOUT_MS,
      reattach: (minigameId, gameId) => w.reattach(minigameId, gameId),
      verifyKey: (key) => w.apiKeyVerifier.verify(key),
      minigameOf: async (principal) => {
        if (principal.kind !== 'apiKey' || principal.role !== 'minigame') return undefined;
        if (!(await authorizer.can(subjectOf(principal), 'connect', 'minigame-sockets'))) return undefined;
        const minigameId = (await apiKeys.byId(principal.keyId))?.minigameId;
        return minigameId && gameTypes.find(minigameId) ? minigameId : undefined;
      },
    });
  };
  const dispatch: MinigameDispatch = {
    attach: (minigameId, request) => relay.attach(minigameId, request),
    played: (minigameId) => minigamesStore.addPlay(db, minigameId),
  };
  return {
    admission,
    dispatch,
    gameTypes,
    sweeper,
    routes,
    loadMinigames: async () => {
      await Promise.all([roster.start(), relay.start()]);
      stopNotices = await notices.start({
        catalogueChanged: () => minigames.load(),
        keysDropped: dropKeysHere,
      });
      await minigames.load();
    },
  };
}
