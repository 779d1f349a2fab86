import type { FastifyRequest } from 'fastify';
import { sha256 } from '../platform/secrets.js';

export const STUDIO_OWNER_ROLE = 'studio-owner';
/** Admins' view of every studio (list all, act on any): admins hold it through `*`. */
export const ALL_STUDIOS = 'all-studios';

/** The RBAC scope of one studio: bindings scoped here hold for that studio only. */
export const studioScope = (studioId: string) => `studio:${studioId}`;

/** A binding's name for one owner of one studio: fixed, so adding an owner twice is one binding. */
export const ownerBindingName = (studioId: string, userId: string) =>
  `${STUDIO_OWNER_ROLE}-${sha256(`${studioId}:${userId}`).slice(0, 50)}`;

/** The route's scope from its `:id` path parameter (raw: the authorizer only compares it). */
export const scopeFromPath = (request: FastifyRequest): string | undefined => {
  const id = (request.params as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' && id.length <= 64 ? studioScope(id) : undefined;
};

/** The route's scope from its `studioId` query parameter. */
export const scopeFromQuery = (request: FastifyRequest): string | undefined => {
  const id = (request.query as { studioId?: unknown } | undefined)?.studioId;
  return typeof id === 'string' && id.length <= 64 ? studioScope(id) : undefined;
};
