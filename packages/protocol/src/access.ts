import { z } from 'zod';
import { text } from './text.js';

/** Verbs after the Kubernetes api-server; `bind` allows granting a role without holding it. */
export const VERBS = ['get', 'list', 'create', 'update', 'delete', 'bind', 'connect'] as const;
export type Verb = (typeof VERBS)[number];

/** One RBAC rule: these verbs on these resources (optionally only the objects named). */
export const RuleSchema = z.strictObject({
  resources: z.array(text().min(1).max(64)).min(1).max(64),
  verbs: z
    .array(z.union([z.enum(VERBS), z.literal('*')]))
    .min(1)
    .max(16),
  resourceNames: z.array(text().min(1).max(128)).max(64).optional(),
});
export type Rule = z.infer<typeof RuleSchema>;

/** Role and binding names: lower-case DNS-label-like, so they read well in URLs and logs. */
export const AccessName = z
  .string()
  .min(1)
  .max(63)
  .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/, 'lower-case letters, digits and - (not at either end)');

export const RoleNameParam = z.strictObject({ name: AccessName });
export const CreateRoleRequest = z.strictObject({ name: AccessName, rules: z.array(RuleSchema).max(64) });
export const UpdateRoleRequest = z.strictObject({ rules: z.array(RuleSchema).max(64) });

export const SubjectRef = z.strictObject({
  kind: z.enum(['user', 'group', 'apiKey']),
  id: text().min(1).max(128),
});
export const CreateBindingRequest = z.strictObject({
  name: AccessName,
  role: AccessName,
  subject: SubjectRef,
});

export const AccessReviewRequest = z.strictObject({
  subject: z.strictObject({ kind: z.enum(['user', 'apiKey']), id: text().min(1).max(128) }).optional(),
  verb: text().min(1).max(32),
  resource: text().min(1).max(64),
  name: text().min(1).max(128).optional(),
});
export const AccessReviewResult = z.object({ allowed: z.boolean(), reason: z.string().optional() });

/** API key ids: 12 base62 characters, so `plk_<id>_<secret>` splits without ambiguity. */
export const ApiKeyId = z.string().regex(/^[A-Za-z0-9]{12}$/, '12 letters and digits');
export const ApiKeyIdParam = z.strictObject({ id: ApiKeyId });
export const CreateApiKeyRequest = z.strictObject({
  name: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[\x20-\x7e]+$/, 'printable ASCII'),
  role: AccessName,
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});
export const ListApiKeysQuery = z.strictObject({ ownerId: z.uuid().optional() });

/** A community server's identifier as players name it: its API key id (seed 003). */
export const CommunityServerId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and -');
export const CreateTicketRequest = z.strictObject({ server: CommunityServerId });
export const VerifyTicketRequest = z.strictObject({
  ticket: text().min(1).max(1024),
  server: CommunityServerId.optional(),
});

export const AuditQuery = z.strictObject({
  actor: text().min(1).max(128).optional(),
  action: text().min(1).max(64).optional(),
  outcome: z.enum(['success', 'failure', 'denied']).optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  until: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.coerce.number().int().min(1).optional(),
});
