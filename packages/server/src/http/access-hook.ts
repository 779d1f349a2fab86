import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Authorizer } from '../access/authorizer.js';
import { type Principal, subjectOf, type UserPrincipal } from '../access/principal.js';
import type { Verb } from '../access/rules.js';
import type { AuditLog } from '../audit/audit-log.js';
import { AppError } from '../platform/app-error.js';
import { SESSION_PREFIX } from '../identity/session-token.js';

/**
 * What a route accepts. Every route declares one (an undeclared route is refused: default
 * deny). `session` and `apiKey` routes name the RBAC resource and verb they need; `custom`
 * routes check their own one-purpose credential (a game's reporting token).
 */
export type Access =
  | { credential: 'none' }
  | { credential: 'custom' }
  | {
      credential: 'session' | 'apiKey';
      resource: string;
      verb: Verb;
      /**
       * Where the request acts (`studio:<id>` from its path): bindings scoped there count too,
       * like a Kubernetes RoleBinding in the request's namespace. Undefined: global roles only.
       */
      scope?: (request: FastifyRequest) => string | undefined;
    };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    principal?: Principal;
  }
}

export interface CredentialVerifier {
  /**
   * Resolves a `pls_` session token, or throws UNAUTHENTICATED / SESSION_EXPIRED. Answers
   * without a promise when it can (a cached session).
   */
  verifySession(token: string): Principal | Promise<Principal>;
  /** Resolves a `plk_` API key, or throws UNAUTHENTICATED. */
  verifyApiKey(token: string): Promise<Principal>;
}

export const API_KEY_PREFIX = 'plk_';
/** Join tickets (seed 003) are shown to community servers, never used as bearer credentials. */
export const TICKET_PREFIX = 'plt_';

export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer ([\x21-\x7e]{1,512})$/.exec(header);
  return match?.[1];
}

/** The principal of a route that required one; a programming error if the route did not. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new Error('route has no authenticated principal');
  return request.principal;
}

export function userOf(request: FastifyRequest): UserPrincipal {
  const p = principalOf(request);
  if (p.kind !== 'user') throw new AppError('WRONG_CREDENTIAL_KIND');
  return p;
}

/**
 * Runs on every request, so the common case (a cached session, a fresh RBAC snapshot) is
 * answered synchronously: no promise, no extra turn of the event loop. Only a cache miss, a
 * snapshot reload or a refusal to audit goes asynchronous.
 */
export function registerAccessHook(app: FastifyInstance, deps: AccessDeps) {
  // Declared up front so every request object keeps one shape: adding the property later, on
  // authenticated requests only, makes property access megamorphic across all of Fastify.
  app.decorateRequest('principal', undefined);
  app.addHook('onRequest', (request, _reply, done) => {
    let pending: Promise<void> | void;
    try {
      pending = checkAccess(request, deps);
    } catch (error) {
      done(error as Error);
      return;
    }
    if (pending) pending.then(() => done(), done);
    else done();
  });
}

/** What a session or API-key route needs: its RBAC resource and verb. */
type RouteRule = { resource: string; verb: Verb; scope?: (request: FastifyRequest) => string | undefined };

interface AccessDeps {
  verifier: CredentialVerifier;
  authorizer: Authorizer;
  audit: AuditLog;
}

function checkAccess(request: FastifyRequest, deps: AccessDeps): Promise<void> | void {
  if (request.is404) return;
  const access = request.routeOptions.config.access;
  if (!access) {
    request.log.error({ route: request.routeOptions.url }, 'route declares no access rule; refused');
    throw new AppError('FORBIDDEN');
  }
  if (access.credential === 'none' || access.credential === 'custom') return;

  const token = bearerToken(request);
  if (!token) throw new AppError('UNAUTHENTICATED', 'Send a credential: Authorization: Bearer <token>');
  if (token.startsWith(TICKET_PREFIX))
    throw new AppError(
      'WRONG_CREDENTIAL_KIND',
      'A join ticket is not a bearer credential; give it to the community server it was made for',
    );
  const wantsSession = access.credential === 'session';
  const isSession = token.startsWith(SESSION_PREFIX);
  const isApiKey = token.startsWith(API_KEY_PREFIX);
  if (wantsSession && isApiKey)
    throw new AppError('WRONG_CREDENTIAL_KIND', 'This endpoint takes a session token, not an API key');
  if (!wantsSession && isSession)
    throw new AppError('WRONG_CREDENTIAL_KIND', 'This endpoint takes an API key, not a session token');
  if (!isSession && !isApiKey) throw new AppError('UNAUTHENTICATED');

  const principal = wantsSession ? deps.verifier.verifySession(token) : deps.verifier.verifyApiKey(token);
  return principal instanceof Promise
    ? principal.then((p) => authorize(request, access, p, deps))
    : authorize(request, access, principal, deps);
}

function authorize(
  request: FastifyRequest,
  access: RouteRule,
  principal: Principal,
  deps: AccessDeps,
): Promise<void> | void {
  request.principal = principal;
  const scope = access.scope?.(request);
  const allowed = scope
    ? deps.authorizer.canIn(subjectOf(principal), access.verb, access.resource, scope)
    : deps.authorizer.decideFor(principal, access);
  if (allowed === true) return;
  if (allowed === false) return refuse(request, access, principal, deps);
  return allowed.then((ok) => {
    if (!ok) return refuse(request, access, principal, deps);
  });
}

async function refuse(
  request: FastifyRequest,
  access: RouteRule,
  principal: Principal,
  deps: AccessDeps,
): Promise<never> {
  await deps.audit.record({
    actorKind: principal.kind,
    actorId: principal.kind === 'user' ? principal.userId : principal.keyId,
    actorName: principal.kind === 'user' ? principal.username : null,
    action: 'authorization.denied',
    target: `${access.verb} ${access.resource}`,
    ip: request.ip,
    outcome: 'denied',
  });
  throw new AppError('FORBIDDEN', `You may not ${access.verb} ${access.resource}`);
}
