import { z } from 'zod';
import { text } from './text.js';

/** Usernames: 3-32 characters of letters, digits, `_` and `-`; unique case-insensitively. */
export const Username = z
  .string()
  .min(3, 'at least 3 characters')
  .max(32, 'at most 32 characters')
  .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only');

/**
 * Passwords after OWASP ASVS 5: at least 8 characters, up to 128, no composition rules,
 * checked exactly as typed (no trimming). The common-password list is checked by the service.
 */
export const Password = text().min(8, 'at least 8 characters').max(128, 'at most 128 characters');

export const RegisterRequest = z.strictObject({ username: Username, password: Password });
export type RegisterRequest = z.infer<typeof RegisterRequest>;

// Login accepts any string shape so that a malformed username gets INVALID_CREDENTIALS, not a hint.
export const LoginRequest = z.strictObject({
  username: text().min(1).max(64),
  password: text().min(1).max(1024),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export const ChangePasswordRequest = z.strictObject({
  currentPassword: text().min(1).max(1024),
  newPassword: Password,
});

export const BootstrapRequest = z.strictObject({
  code: text().min(1).max(128),
  username: Username,
  password: Password,
});

export const UserView = z.object({
  id: z.string(),
  username: z.string(),
  createdAt: z.string(),
  disabled: z.boolean().optional(),
});
export type UserView = z.infer<typeof UserView>;

export const SessionCreated = z.object({ token: z.string(), expiresAt: z.string(), user: UserView });

export const SessionView = z.object({
  id: z.string(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  expiresAt: z.string(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  current: z.boolean(),
});

export const IdParam = z.strictObject({ id: text().min(1).max(64) });
export const UuidParam = z.strictObject({ id: z.uuid() });

export const AdminUserPatch = z.strictObject({ disabled: z.boolean() });

/** `GET /v1/setup`: whether the first admin still has to be created (a fresh install). */
export const SetupState = z.object({ bootstrapPending: z.boolean() });
export type SetupState = z.infer<typeof SetupState>;
// ---- answers ---------------------------------------------------------------

export const AccountCreated = z.object({ id: z.string(), username: z.string() });
export const SessionList = z.object({ sessions: z.array(SessionView) });
export const Me = z.object({
  id: z.string(),
  username: z.string(),
  createdAt: z.string(),
  sessionId: z.string(),
});
export const UserPage = z.object({
  users: z.array(UserView),
  /** Pass back as `after` for the next page; null on the last one. */
  next: z.string().nullable(),
});
export const DeauthenticateResult = z.object({ sessionsEnded: z.number().int() });

export type AccountCreated = z.infer<typeof AccountCreated>;
export type SessionCreated = z.infer<typeof SessionCreated>;
export type SessionView = z.infer<typeof SessionView>;
export type SessionList = z.infer<typeof SessionList>;
export type Me = z.infer<typeof Me>;
export type UserPage = z.infer<typeof UserPage>;
export type DeauthenticateResult = z.infer<typeof DeauthenticateResult>;
