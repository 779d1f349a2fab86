import { z } from 'zod';

/** The mini-game protocol versions this Parlor speaks (docs/minigame-protocol.md, versioning). */
export const MINIGAME_PROTOCOL_VERSIONS = [1] as const;

/**
 * The first frame on `GET /v1/minigames/connect`: the mini-game's key travels here, never in
 * the URL, so no proxy or access log ever records it.
 */
export const MinigameHello = z.strictObject({
  type: z.literal('hello'),
  key: z.string().min(1).max(256),
  protocolVersion: z.int().min(1).max(1000),
});
export type MinigameHello = z.infer<typeof MinigameHello>;

/** The platform's answer to a good `hello`. */
export const MinigameWelcome = z.object({
  type: z.literal('welcome'),
  minigameId: z.string(),
  connectionId: z.string(),
  protocolVersion: z.int(),
});
export type MinigameWelcome = z.infer<typeof MinigameWelcome>;

/** Sent just before the platform closes the socket; the close code says the same. */
export const MinigameClosing = z.object({
  type: z.literal('closing'),
  code: z.string(),
  message: z.string(),
});
export type MinigameClosing = z.infer<typeof MinigameClosing>;
