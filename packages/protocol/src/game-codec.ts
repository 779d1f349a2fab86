import { Packr } from 'msgpackr';

/**
 * Plain MessagePack (no msgpackr records or extensions), so that clients and
 * mini-game servers in any language can read and write the frames.
 */
const packr = new Packr({ useRecords: false, moreTypes: false, mapsAsObjects: true, int64AsType: 'number' });

export function encodeFrame(message: unknown): Uint8Array {
  return packr.pack(message);
}

/** Throws on malformed input; callers validate the result with the zod schemas. */
export function decodeFrame(bytes: Uint8Array): unknown {
  return packr.unpack(bytes);
}
