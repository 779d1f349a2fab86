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
  /** What the entry acted on, exact (a user's id shows what was done to that user). */
  target: text().min(1).max(256).optional(),
  outcome: z.enum(['success', 'failure', 'denied']).optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  until: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.coerce.number().int().min(1).optional(),
});

// ---- answers ---------------------------------------------------------------

export const RoleView = z.object({
  name: z.string(),
  rules: z.array(RuleSchema),
  builtin: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const RoleList = z.object({ roles: z.array(RoleView) });
export const BindingView = z.object({
  name: z.string(),
  role: z.string(),
  subject: z.object({ kind: z.enum(['user', 'group', 'apiKey']), id: z.string() }),
  /** Where the binding holds (`studio:<id>` for a studio's owners); absent: everywhere. */
  scope: z.string().optional(),
  builtin: z.boolean(),
  createdAt: z.string(),
});
export const BindingList = z.object({ bindings: z.array(BindingView) });

export const ApiKeyView = z.object({
  id: z.string(),
  name: z.string(),
  role: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  expired: z.boolean(),
});
/** A new or rotated key: `key` is its secret, shown in this answer only. */
export const ApiKeyCreated = ApiKeyView.extend({ key: z.string() });
export const ApiKeyList = z.object({ apiKeys: z.array(ApiKeyView) });

export const TicketIssued = z.object({ ticket: z.string(), expiresAt: z.string() });
export const TicketVerified = z.object({ userId: z.string(), username: z.string() });

export const AuditEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  actor: z.object({ kind: z.string(), id: z.string().nullable(), name: z.string().nullable() }),
  action: z.string(),
  target: z.string().nullable(),
  ip: z.string().nullable(),
  outcome: z.enum(['success', 'failure', 'denied']),
  detail: z.record(z.string(), z.unknown()).nullable(),
});
export const AuditPage = z.object({
  entries: z.array(AuditEntry),
  /** Pass back as `before` for the next page; null on the last one. */
  next: z.number().int().nullable(),
});

export type RoleView = z.infer<typeof RoleView>;
export type RoleList = z.infer<typeof RoleList>;
export type BindingView = z.infer<typeof BindingView>;
export type BindingList = z.infer<typeof BindingList>;
export type AccessReviewResult = z.infer<typeof AccessReviewResult>;
export type ApiKeyView = z.infer<typeof ApiKeyView>;
export type ApiKeyCreated = z.infer<typeof ApiKeyCreated>;
export type ApiKeyList = z.infer<typeof ApiKeyList>;
export type TicketIssued = z.infer<typeof TicketIssued>;
export type TicketVerified = z.infer<typeof TicketVerified>;
export type AuditEntry = z.infer<typeof AuditEntry>;
export type AuditPage = z.infer<typeof AuditPage>;
