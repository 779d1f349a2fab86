import { z } from 'zod';
import { ChannelId, MessageView, PresenceView } from './chat.js';
import { ClosingFrame, ErrorFrame, PingFrame, PongFrame, Ref } from './socket-frames.js';

/**
 * The realtime socket (`GET /v1/realtime`). One JSON object per frame, one envelope union per
 * direction, discriminated by `type`. The first client frame must be `auth`; everything else is
 * refused until it succeeds.
 */
const ref = Ref.optional();

export const ClientFrame = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('auth'), token: z.string().min(1).max(512) }),
  /** Follow a channel; with `after`, first replay every visible message with a greater seq. */
  z.strictObject({
    type: z.literal('subscribe'),
    channel: ChannelId,
    after: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
    ref,
  }),
  z.strictObject({ type: z.literal('unsubscribe'), channel: ChannelId, ref }),
  PingFrame,
]);
export type ClientFrame = z.infer<typeof ClientFrame>;
export type ClientFrameType = ClientFrame['type'];

export const ServerFrame = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('ready'),
    connectionId: z.string(),
    userId: z.string(),
    heartbeatMs: z.number(),
  }),
  ErrorFrame,
  z.object({ type: z.literal('subscribed'), channel: z.string(), lastSeq: z.number(), ref }),
  z.object({ type: z.literal('unsubscribed'), channel: z.string(), ref }),
  /** Messages of one channel arrive in seq order, without duplicates. Gaps mean deleted or hidden. */
  z.object({ type: z.literal('message'), channel: z.string(), message: MessageView }),
  z.object({ type: z.literal('message_deleted'), channel: z.string(), seq: z.number() }),
  z.object({ type: z.literal('presence'), ...PresenceView.shape }),
  PongFrame,
  /** One of my games ended: finished, ended by its host or an admin, or failed (its server was lost). */
  z.object({
    type: z.literal('game'),
    gameId: z.string(),
    status: z.enum(['finished', 'ended', 'failed']),
    reason: z.string(),
  }),
  ClosingFrame,
]);
export type ServerFrame = z.infer<typeof ServerFrame>;
