import type { GameOptionValue, GameResults, GameTypeMeta } from '@parlor/protocol';

/**
 * The host's choices checked against the game's `meta.options`, with defaults for the ones
 * not chosen; null when one is unknown or not among its choices (nothing is guessed).
 */
export function resolveOptions(
  meta: GameTypeMeta,
  chosen: Readonly<Record<string, GameOptionValue>> = {},
): Record<string, GameOptionValue> | null {
  const known = meta.options ?? [];
  for (const id of Object.keys(chosen)) if (!known.some((o) => o.id === id)) return null;
  const resolved: Record<string, GameOptionValue> = {};
  for (const option of known) {
    const value = Object.hasOwn(chosen, option.id) ? chosen[option.id]! : option.default;
    if (!option.choices.includes(value)) return null;
    resolved[option.id] = value;
  }
  return resolved;
}

/** Results with each player's display name from the room's roster, whatever the game said. */
export function withDisplayNames(
  results: GameResults,
  nameOf: (playerId: string) => string | undefined,
): GameResults {
  return {
    ...results,
    players: results.players.map(({ displayName: _ignored, ...line }) => {
      const name = nameOf(line.playerId);
      return name === undefined ? line : { ...line, displayName: name };
    }),
  };
}
