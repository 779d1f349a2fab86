import { z } from 'zod';
import { errorCodes } from './errors.js';
import { text } from './text.js';

/**
 * Frames both sockets share, in one shape: the realtime socket sends them as JSON text, the game
 * socket as MessagePack binary. `ref` is the client's own correlation id, echoed in the answer.
 */
export const Ref = text().min(1).max(64).describe('your own id for this frame, echoed in the answer');

export const ErrorCodeSchema = z.enum(errorCodes).describe('a code from errors.md');

/** Client → server: are you there? Answered with `pong` carrying the same `ref`. */
export const PingFrame = z
  .strictObject({ type: z.literal('ping'), ref: Ref.optional() })
  .describe('Are you there? Answered by `pong` with the same `ref`.');
export const PongFrame = z
  .object({ type: z.literal('pong'), ref: Ref.optional() })
  .describe('The answer to `ping`.');

/** A refusal that leaves the socket open; `ref` names the client frame it answers. */
export const ErrorFrame = z
  .object({ type: z.literal('error'), code: ErrorCodeSchema, message: z.string(), ref: Ref.optional() })
  .describe('A refusal that leaves the socket open; `ref` names the client frame it answers.');

/**
 * Sent just before the server closes the socket, saying why; the close code follows from `code`
 * (closeCodeOf). Refused game sockets may get it without `message`, to stay small.
 */
export const ClosingFrame = z
  .object({ type: z.literal('closing'), code: ErrorCodeSchema, message: z.string().optional() })
  .describe('Sent just before the server closes the socket, saying why; the close code follows from `code`.');

export type PingFrame = z.infer<typeof PingFrame>;
export type PongFrame = z.infer<typeof PongFrame>;
export type ErrorFrame = z.infer<typeof ErrorFrame>;
export type ClosingFrame = z.infer<typeof ClosingFrame>;
