import type { FastifyPluginAsync } from 'fastify';
import { AccessReviewer } from './access/access-review.js';
import { AccessService } from './access/access-service.js';
import type { AccessStore } from './access/access-store.js';
import type { Authorizer } from './access/authorizer.js';
import { accessRoutes } from './access/routes.js';
import { ApiKeyService } from './api-keys/api-key-service.js';
import { ApiKeyVerifier } from './api-keys/api-key-verifier.js';
import { ApiKeysStore } from './api-keys/api-keys-store.js';
import { apiKeyRoutes } from './api-keys/routes.js';
import type { AuditLog } from './audit/audit-log.js';
import { AuditReader } from './audit/audit-reader.js';
import { auditRoutes } from './audit/routes.js';
import type { Config } from './config.js';
import type { AccountsStore } from './identity/accounts-store.js';
import type { Limiter } from './rate-limit/limiter.js';
import type { Clock } from './platform/clock.js';
import type { Logger } from './platform/logger.js';
import { type SweepTask, Sweeper } from './platform/sweeper.js';
import type { Db } from './storage/db.js';
import { NoncesStore } from './tickets/nonces-store.js';
import { ticketRoutes } from './tickets/routes.js';
import { TicketService } from './tickets/ticket-service.js';

export interface CredentialDeps {
  config: Config;
  db: Db;
  clock: Clock;
  logger: Logger;
  limiter: Limiter;
  audit: AuditLog;
  authorizer: Authorizer;
  accessStore: AccessStore;
  accountsStore: AccountsStore;
  /** More housekeeping for the same sweep (stats' rollups). */
  sweepTasks?: readonly SweepTask[];
}

/**
 * The part of the composition root for API keys, join tickets, RBAC administration and the
 * audit API: built here so that compose.ts stays a short list of features.
 */
export function composeCredentials(deps: CredentialDeps) {
  const { config, db, clock, logger, limiter, audit, authorizer, accessStore, accountsStore } = deps;
  const apiKeysStore = new ApiKeysStore(db);
  const apiKeyVerifier = new ApiKeyVerifier(apiKeysStore, clock);
  const apiKeys = new ApiKeyService({
    store: apiKeysStore,
    authorizer,
    verifier: apiKeyVerifier,
    audit,
    clock,
    maxLiveKeysPerOwner: config.apiKeysPerOwner,
  });
  const tickets = new TicketService({
    accounts: accountsStore,
    nonces: new NoncesStore(db),
    limiter,
    audit,
    clock,
    lifetimeMs: 30_000,
    perUserPerMinute: 60,
  });
  const access = new AccessService({
    store: accessStore,
    authorizer,
    accounts: accountsStore,
    apiKeys: apiKeysStore,
    audit,
    clock,
  });
  const reviewer = new AccessReviewer({ authorizer, accounts: accountsStore, apiKeys: apiKeysStore, clock });
  const maintain = db.maintain?.bind(db);
  const sweeper = new Sweeper(
    [
      { name: 'audit-retention', run: () => audit.purgeOlderThan(config.auditRetentionDays) },
      { name: 'ticket-nonces', run: () => tickets.purgeNonces() },
      ...(deps.sweepTasks ?? []),
      ...(maintain ? [{ name: 'storage-maintenance', run: maintain }] : []),
    ],
    logger,
    config.sweepIntervalSeconds * 1000,
  );

  const routes: FastifyPluginAsync = async (v1) => {
    await v1.register(apiKeyRoutes, { apiKeys });
    await v1.register(ticketRoutes, { tickets });
    await v1.register(accessRoutes, { access, reviewer });
    await v1.register(auditRoutes, { reader: new AuditReader(db) });
  };
  return { apiKeyVerifier, sweeper, routes };
}
