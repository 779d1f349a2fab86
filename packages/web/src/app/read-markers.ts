/**
 * What this browser has read of each direct conversation (its last seq), for unread counts. Kept
 * on the device: the server keeps no read state, and a count that differs between devices is a
 * small price for not recording what people read.
 */
const KEY = 'parlor.read';

export function readMarkers(): Record<string, number> {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? '{}') as Record<string, number>;
  } catch {
    return {};
  }
}

export function markRead(channel: string, seq: number): void {
  const markers = readMarkers();
  if ((markers[channel] ?? 0) >= seq) return;
  markers[channel] = seq;
  localStorage.setItem(KEY, JSON.stringify(markers));
}
