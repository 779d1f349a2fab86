import { z } from 'zod';

/** A studio's name as people see it: 1-80 printable characters, not only spaces. */
export const StudioName = z
  .string()
  .min(1)
  .max(80)
  .regex(/^[^\p{Cc}\p{Cs}]+$/u, 'printable characters')
  .refine((s) => s.trim().length > 0, 'not only spaces');

export const CreateStudioRequest = z.strictObject({ name: StudioName });
export const RenameStudioRequest = z.strictObject({ name: StudioName });
export const StudioIdParam = z.strictObject({ id: z.uuid() });
export const StudioOwnerParam = z.strictObject({ id: z.uuid(), userId: z.uuid() });
export const AddStudioOwnerRequest = z.strictObject({ userId: z.uuid() });

/** A plan's id as configured (PARLOR_PLANS). */
export const PlanId = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'a plan id');
export const ChangePlanRequest = z.strictObject({ plan: PlanId });

/**
 * How a plan counts active players: `all-time` counts every player the studio ever had,
 * `month` counts a player once per UTC calendar month.
 */
export const PlanPeriod = z.enum(['all-time', 'month']);
export type PlanPeriod = z.infer<typeof PlanPeriod>;

/** `limit` null means unlimited. */
export const PlanView = z.object({ id: z.string(), limit: z.number().nullable(), period: PlanPeriod });
export type PlanView = z.infer<typeof PlanView>;
export const PlansView = z.object({ plans: z.array(PlanView), default: z.string() });

export const StudioOwnerView = z.object({ userId: z.string(), username: z.string().nullable() });
export const StudioView = z.object({
  id: z.string(),
  name: z.string(),
  plan: PlanView,
  owners: z.array(StudioOwnerView),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type StudioView = z.infer<typeof StudioView>;
export const StudiosView = z.object({ studios: z.array(StudioView) });
/** After a plan change: the studio, and how many inactive players it seated. */
export const PlanChanged = StudioView.extend({ activated: z.number() });

/** Roles a studio's API keys may hold. */
export const StudioKeyRole = z.enum(['metrics-reporter', 'minigame']);
export const CreateStudioKeyRequest = z.strictObject({
  name: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[\x20-\x7e]+$/, 'printable ASCII'),
  role: StudioKeyRole,
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});
export const StudioKeyParam = z.strictObject({
  id: z.uuid(),
  keyId: z.string().regex(/^[A-Za-z0-9]{12}$/, '12 letters and digits'),
});
export const StudioKeyView = z.object({
  id: z.string(),
  name: z.string(),
  role: z.string(),
  studioId: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  expired: z.boolean(),
  /** Set for a `minigame` key: the one mini-game it serves. */
  minigameId: z.string().optional(),
});
/** The one reply that carries the secret (create, rotate). */
export const StudioKeyCreated = StudioKeyView.extend({ key: z.string() });
export const StudioKeysView = z.object({ apiKeys: z.array(StudioKeyView) });

/** The studio's own id for one of its players: 1-128 printable ASCII characters. */
export const StudioPlayerId = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[\x21-\x7e]+$/, '1-128 printable characters, no spaces');

export const ReportLoginRequest = z.strictObject({
  userId: StudioPlayerId,
  at: z.iso.datetime({ offset: true }).optional(),
  studioId: z.uuid().optional(),
});
export const LoginReported = z.object({
  studioId: z.string(),
  userId: z.string(),
  /** Whether this report made the player known to the studio. */
  created: z.boolean(),
  active: z.boolean(),
  at: z.string(),
});
export type LoginReported = z.infer<typeof LoginReported>;

export const UsageQuery = z.strictObject({ studioId: z.uuid() });
export const UsageView = z.object({
  studioId: z.string(),
  plan: PlanView,
  activePlayers: z.number(),
  inactivePlayers: z.number(),
  logins: z.object({
    today: z.number(),
    last30Days: z.number(),
    /** Logins per UTC day over the last 30 days, oldest first; days without logins are left out. */
    byDay: z.array(z.object({ day: z.string(), logins: z.number() })),
  }),
});
export type UsageView = z.infer<typeof UsageView>;

export const StudioPlayersQuery = z.strictObject({
  active: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  /** The `next` of the previous page. */
  after: z
    .string()
    .max(512)
    .regex(/^[A-Za-z0-9_-]+$/)
    .optional(),
});
export const StudioPlayerView = z.object({
  userId: z.string(),
  /** `studio`: reported with the studio's key; `parlor`: a Parlor user who played its games. */
  source: z.enum(['studio', 'parlor']),
  active: z.boolean(),
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
});
export const StudioPlayersView = z.object({
  players: z.array(StudioPlayerView),
  next: z.string().nullable(),
});
