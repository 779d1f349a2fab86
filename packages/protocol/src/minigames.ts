import { z } from 'zod';
import { GameOption, GameTypeMeta } from './game-meta.js';
import { StudioKeyCreated } from './studios.js';

/** A mini-game's id is its game type id: lower-case letters, digits and dashes. */
export const MinigameId = GameTypeMeta.shape.id;

const MinigameShape = z.strictObject({
  name: GameTypeMeta.shape.name.regex(/^[^\p{Cc}\p{Cs}]+$/u, 'printable characters'),
  minPlayers: GameTypeMeta.shape.minPlayers,
  maxPlayers: GameTypeMeta.shape.maxPlayers,
  difficulties: z
    .array(
      z
        .string()
        .min(1)
        .max(32)
        .regex(/^[^\p{Cc}\p{Cs}]+$/u),
    )
    .min(1)
    .max(8),
  options: z.array(GameOption).max(16).optional(),
});
const playersInOrder = (m: { minPlayers?: number; maxPlayers?: number }) =>
  m.minPlayers === undefined || m.maxPlayers === undefined || m.minPlayers <= m.maxPlayers;

export const RegisterMinigameRequest = MinigameShape.extend({ id: MinigameId }).refine(playersInOrder, {
  message: 'minPlayers may not exceed maxPlayers',
  path: ['minPlayers'],
});
export type RegisterMinigameRequest = z.infer<typeof RegisterMinigameRequest>;

/** Any of the registration's fields but its id; a field left out stays as it is. */
export const UpdateMinigameRequest = MinigameShape.partial().refine(playersInOrder, {
  message: 'minPlayers may not exceed maxPlayers',
  path: ['minPlayers'],
});
export type UpdateMinigameRequest = z.infer<typeof UpdateMinigameRequest>;

export const MinigameParam = z.strictObject({ id: z.uuid(), minigameId: MinigameId });

/** One connection of a mini-game's server to the platform, as its studio's owners see it. */
export const MinigameConnectionView = z.object({
  id: z.string(),
  /** The address the server connected from, as this Parlor saw it. */
  address: z.string(),
  protocolVersion: z.number(),
  connectedAt: z.string(),
  /** Null while connected. */
  endedAt: z.string().nullable(),
  /** Why it ended, in plain words; null while connected. */
  endReason: z.string().nullable(),
});
export type MinigameConnectionView = z.infer<typeof MinigameConnectionView>;

export const MinigameView = GameTypeMeta.extend({
  studioId: z.string(),
  /** Whether a server of the mini-game is connected now. */
  connected: z.boolean(),
  /** Open connections first, then the latest ended ones. */
  connections: z.array(MinigameConnectionView),
  /** Games of it that ended with results. */
  plays: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type MinigameView = z.infer<typeof MinigameView>;
export const MinigamesView = z.object({ minigames: z.array(MinigameView) });

/** The one reply that carries the mini-game's key (a `minigame` key for it alone). */
export const MinigameCreated = z.object({ minigame: MinigameView, apiKey: StudioKeyCreated });
