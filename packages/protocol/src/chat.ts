import { z } from 'zod';
import { text } from './text.js';

/** Longest message body, in UTF-16 code units (what `string.length` counts). */
export const MAX_BODY_LENGTH = 2_000;
/** Longest self-deletion timer: 30 days. */
export const MAX_TTL_SECONDS = 30 * 86_400;

const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

/**
 * A channel as a client names it: `lobby`, `game:<gameId>` or `dm:<otherUserId>`. A direct
 * channel is always named from the caller's side, so two people call the same channel by
 * each other's id.
 */
export const ChannelId = z
  .string()
  .max(80)
  .regex(new RegExp(`^(lobby|game:${uuid.source}|dm:${uuid.source})$`), 'lobby, game:<id> or dm:<userId>')
  .describe('`lobby`, `game:<gameId>` or `dm:<otherUserId>`');
export type ChannelId = z.infer<typeof ChannelId>;

export const TtlSeconds = z.number().int().min(1).max(MAX_TTL_SECONDS);

export const PostMessageRequest = z.strictObject({
  body: text()
    .min(1, 'empty message')
    .max(MAX_BODY_LENGTH, `at most ${MAX_BODY_LENGTH} characters`)
    .refine((s) => s.trim().length > 0, 'empty message'),
  /** Chosen by the client, unique per channel and sender: a retry with the same id is not a new message. */
  clientId: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces'),
  /** Deletes the message this many seconds after it is posted; overrides the channel's default. */
  ttlSeconds: TtlSeconds.optional(),
});
export type PostMessageRequest = z.infer<typeof PostMessageRequest>;

export const ListMessagesQuery = z.strictObject({
  /** Only messages with a greater sequence number: what a client saw last. */
  after: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const ChannelParams = z.strictObject({ id: ChannelId });
export const MessageParams = z.strictObject({
  id: ChannelId,
  seq: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
});

export const MessageView = z.object({
  channel: z.string(),
  seq: z.number().int(),
  senderId: z.string(),
  senderName: z.string(),
  body: z.string(),
  clientId: z.string(),
  createdAt: z.string(),
  /** When the message deletes itself; null when it does not. Clients hide it at this time. */
  expiresAt: z.string().nullable(),
});
export type MessageView = z.infer<typeof MessageView>;

export const MessagePage = z.object({
  messages: z.array(MessageView),
  /** The channel's highest sequence number when read; resume from here. */
  lastSeq: z.number().int(),
});

export const ChannelSettingsRequest = z.strictObject({
  /** Default self-deletion timer for new messages; null turns it off. */
  ttlSeconds: TtlSeconds.nullable(),
});
export const ChannelSettingsView = z.object({ channel: z.string(), ttlSeconds: z.number().nullable() });

export const BlockRequest = z.strictObject({ userId: z.uuid() });
export const BlockParams = z.strictObject({ userId: z.uuid() });
export const BlockList = z.object({
  blocks: z.array(z.object({ userId: z.string(), username: z.string(), createdAt: z.string() })),
});

export const PresenceQuery = z.strictObject({
  /** Comma-separated user ids; everyone online when omitted. */
  users: z
    .string()
    .max(37 * 100)
    .regex(new RegExp(`^${uuid.source}(,${uuid.source})*$`), 'comma-separated user ids')
    .optional(),
});
export const PresenceView = z.object({
  userId: z.string(),
  online: z.boolean(),
  /** Games the user is in right now (ids of game channels their open sockets follow). */
  games: z.array(z.string()),
  /** The user's name, while they are online. */
  username: z.string().optional(),
});
export type PresenceView = z.infer<typeof PresenceView>;

/** One direct conversation of the caller's (`GET /v1/conversations`). */
export const ConversationView = z.object({
  /** The channel as the caller names it: `dm:<otherUserId>`. */
  channel: z.string(),
  userId: z.string(),
  username: z.string(),
  lastSeq: z.number(),
  /** When the last visible message was posted; null when every one has gone. */
  lastMessageAt: z.string().nullable(),
});
export type ConversationView = z.infer<typeof ConversationView>;
export const ConversationList = z.object({ conversations: z.array(ConversationView) });
// ---- answers ---------------------------------------------------------------

export const PresenceList = z.object({ users: z.array(PresenceView) });

export type MessagePage = z.infer<typeof MessagePage>;
export type ChannelSettingsView = z.infer<typeof ChannelSettingsView>;
export type BlockList = z.infer<typeof BlockList>;
export type PresenceList = z.infer<typeof PresenceList>;
