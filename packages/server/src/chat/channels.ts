import { AppError } from '../platform/app-error.js';

/**
 * A channel as the server sees it. `name` is what the caller calls it (`dm:<otherUserId>`),
 * `key` is the one id every party shares and storage and the bus use (`dm:<a>:<b>`, a < b).
 */
export type Channel =
  | { kind: 'lobby'; name: 'lobby'; key: 'lobby' }
  | { kind: 'game'; name: string; key: string; gameId: string }
  | { kind: 'dm'; name: string; key: string; self: string; other: string };

/** Resolves a client's channel name (already schema-checked) for the user `self`. */
export function resolveChannel(name: string, self: string): Channel {
  if (name === 'lobby') return { kind: 'lobby', name: 'lobby', key: 'lobby' };
  const [kind, id] = splitOnce(name);
  if (kind === 'game' && id) return { kind: 'game', name, key: name, gameId: id };
  if (kind === 'dm' && id) {
    if (id === self) throw new AppError('VALIDATION_FAILED', 'You cannot send direct messages to yourself');
    return { kind: 'dm', name, key: dmKey(self, id), self, other: id };
  }
  throw new AppError('NOT_FOUND', 'No such channel');
}

export function dmKey(a: string, b: string): string {
  return a < b ? `dm:${a}:${b}` : `dm:${b}:${a}`;
}

/** How `viewer` calls the channel stored as `key`. */
export function nameFor(key: string, viewer: string): string {
  if (!key.startsWith('dm:')) return key;
  const [, a, b] = key.split(':');
  return `dm:${a === viewer ? b : a}`;
}

/** Bus topic of a channel's notices. */
export const chatTopic = (key: string) => `chat:${key}`;

function splitOnce(name: string): [string, string | undefined] {
  const at = name.indexOf(':');
  return at < 0 ? [name, undefined] : [name.slice(0, at), name.slice(at + 1)];
}
