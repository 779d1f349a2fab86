import { z } from 'zod';
import { ChannelId, MessageView, PresenceView } from './chat.js';
import { text } from './text.js';
import { ClosingFrame, ErrorFrame, PingFrame, PongFrame, Ref } from './socket-frames.js';

/**
 * The realtime socket (`GET /v1/realtime`). One JSON object per frame, one envelope union per
 * direction, discriminated by `type`. The first client frame must be `auth`; everything else is
 * refused until it succeeds.
 */
const ref = Ref.optional();

export const ClientFrame = z.discriminatedUnion('type', [
  z
    .strictObject({ type: z.literal('auth'), token: text().min(1).max(512) })
    .describe('First frame: a session token (`pls_…`). Answered by `ready`, or by `closing` and a close.'),
  z
    .strictObject({
      type: z.literal('subscribe'),
      channel: ChannelId,
      after: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
      ref,
    })
    .describe('Follow a channel; with `after`, first replay every visible message with a greater seq.'),
  z
    .strictObject({ type: z.literal('unsubscribe'), channel: ChannelId, ref })
    .describe('Stop following a channel.'),
  PingFrame,
]);
export type ClientFrame = z.infer<typeof ClientFrame>;
export type ClientFrameType = ClientFrame['type'];

export const ServerFrame = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('ready'),
      connectionId: z.string(),
      userId: z.string(),
      heartbeatMs: z.number(),
    })
    .describe('Authenticated; other frames are accepted from now on.'),
  ErrorFrame,
  z
    .object({ type: z.literal('subscribed'), channel: z.string(), lastSeq: z.number(), ref })
    .describe('Now following the channel; `lastSeq` is its highest sequence number.'),
  z.object({ type: z.literal('unsubscribed'), channel: z.string(), ref }).describe('No longer following.'),
  z
    .object({ type: z.literal('message'), channel: z.string(), message: MessageView })
    .describe(
      'A message; those of one channel arrive in seq order, without duplicates. Gaps mean deleted or hidden.',
    ),
  z
    .object({ type: z.literal('message_deleted'), channel: z.string(), seq: z.number() })
    .describe('A message was deleted (by its sender, a moderator or its timer).'),
  z
    .object({ type: z.literal('presence'), ...PresenceView.shape })
    .describe('Someone this connection watches came, went, or changed games.'),
  PongFrame,
  z
    .object({
      type: z.literal('game'),
      gameId: z.string(),
      status: z.enum(['finished', 'ended', 'failed']),
      reason: z.string(),
    })
    .describe(
      'One of my games ended: finished, ended by its host or an admin, or failed (its server was lost).',
    ),
  ClosingFrame,
]);
export type ServerFrame = z.infer<typeof ServerFrame>;
