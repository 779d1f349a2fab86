import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Authorizer } from '../access/authorizer.js';
import { type Principal, subjectOf } from '../access/principal.js';
import type { Verb } from '../access/rules.js';
import type { AuditLog } from '../audit/audit-log.js';
import { AppError } from '../platform/app-error.js';

/**
 * What a route accepts. Every route declares one (an undeclared route is refused: default
 * deny). `session` and `apiKey` routes name the RBAC resource and verb they need; `custom`
 * routes check their own one-purpose credential (a game's reporting token).
 */
export type Access =
  | { credential: 'none' }
  | { credential: 'custom' }
  | { credential: 'session' | 'apiKey'; resource: string; verb: Verb };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    principal?: Principal;
  }
}

export interface CredentialVerifier {
  /** Resolves a `pls_` session token, or throws UNAUTHENTICATED / SESSION_EXPIRED. */
  verifySession(token: string, request: { ip: string; userAgent?: string }): Promise<Principal>;
  /** Resolves a `plk_` API key, or throws UNAUTHENTICATED. */
  verifyApiKey(token: string): Promise<Principal>;
}

export const SESSION_PREFIX = 'pls_';
export const API_KEY_PREFIX = 'plk_';

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

export function userOf(request: FastifyRequest): Extract<Principal, { kind: 'user' }> {
  const p = principalOf(request);
  if (p.kind !== 'user') throw new AppError('WRONG_CREDENTIAL_KIND');
  return p;
}

export function registerAccessHook(
  app: FastifyInstance,
  deps: { verifier: CredentialVerifier; authorizer: Authorizer; audit: AuditLog },
) {
  app.addHook('onRequest', async (request) => {
    if (request.is404) return;
    const access = request.routeOptions.config.access;
    if (!access) {
      request.log.error({ route: request.routeOptions.url }, 'route declares no access rule; refused');
      throw new AppError('FORBIDDEN');
    }
    if (access.credential === 'none' || access.credential === 'custom') return;

    const token = bearerToken(request);
    if (!token) throw new AppError('UNAUTHENTICATED', 'Send a credential: Authorization: Bearer <token>');
    const wantsSession = access.credential === 'session';
    const isSession = token.startsWith(SESSION_PREFIX);
    const isApiKey = token.startsWith(API_KEY_PREFIX);
    if (wantsSession && isApiKey)
      throw new AppError('WRONG_CREDENTIAL_KIND', 'This endpoint takes a session token, not an API key');
    if (!wantsSession && isSession)
      throw new AppError('WRONG_CREDENTIAL_KIND', 'This endpoint takes an API key, not a session token');
    if (!isSession && !isApiKey) throw new AppError('UNAUTHENTICATED');

    const principal = wantsSession
      ? await deps.verifier.verifySession(token, { ip: request.ip, userAgent: request.headers['user-agent'] })
      : await deps.verifier.verifyApiKey(token);
    request.principal = principal;

    if (!(await deps.authorizer.can(subjectOf(principal), access.verb, access.resource))) {
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
  });
}
