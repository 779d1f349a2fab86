import { z } from 'zod';
import { text } from './text.js';
import { ChannelId, MessageView, PresenceView } from './chat.js';

/**
 * The realtime socket (`GET /v1/realtime`). One JSON object per frame, one envelope union per
 * direction, discriminated by `type`. The first client frame must be `auth`; everything else is
 * refused until it succeeds.
 */
const ref = text().min(1).max(64).optional();

export const ClientFrame = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('auth'), token: text().min(1).max(512) }),
  /** Follow a channel; with `after`, first replay every visible message with a greater seq. */
  z.strictObject({
    type: z.literal('subscribe'),
    channel: ChannelId,
    after: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
    ref,
  }),
  z.strictObject({ type: z.literal('unsubscribe'), channel: ChannelId, ref }),
  z.strictObject({ type: z.literal('ping'), ref }),
]);
export type ClientFrame = z.infer<typeof ClientFrame>;
export type ClientFrameType = ClientFrame['type'];

/**
 * Codes a socket error frame carries beyond the HTTP catalogue's (which it also uses:
 * UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, RATE_LIMITED, CONFLICT, VALIDATION_FAILED, INTERNAL).
 */
export const RealtimeErrors = {
  BAD_FRAME: 'The frame is not a valid message',
  AUTH_REQUIRED: 'Send {type: "auth", token} first',
} as const;
export type RealtimeErrorCode = keyof typeof RealtimeErrors;

export const ServerFrame = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('ready'),
    connectionId: z.string(),
    userId: z.string(),
    heartbeatMs: z.number(),
  }),
  z.object({ type: z.literal('error'), code: z.string(), message: z.string(), ref }),
  z.object({ type: z.literal('subscribed'), channel: z.string(), lastSeq: z.number(), ref }),
  z.object({ type: z.literal('unsubscribed'), channel: z.string(), ref }),
  /** Messages of one channel arrive in seq order, without duplicates. Gaps mean deleted or hidden. */
  z.object({ type: z.literal('message'), channel: z.string(), message: MessageView }),
  z.object({ type: z.literal('message_deleted'), channel: z.string(), seq: z.number() }),
  z.object({ type: z.literal('presence'), ...PresenceView.shape }),
  z.object({ type: z.literal('pong'), ref }),
  /** One of my games ended: finished, ended by its host or an admin, or failed (its server was lost). */
  z.object({
    type: z.literal('game'),
    gameId: z.string(),
    status: z.enum(['finished', 'ended', 'failed']),
    reason: z.string(),
  }),
  /** Sent just before the server closes the socket, saying why. */
  z.object({ type: z.literal('closing'), code: z.number(), reason: z.string() }),
]);
export type ServerFrame = z.infer<typeof ServerFrame>;

// The close codes live in realtime-close-codes.ts (no zod there), so a web page that only needs
// them does not download the schemas.
export { CloseCodes } from './realtime-close-codes.js';
