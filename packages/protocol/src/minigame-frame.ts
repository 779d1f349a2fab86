import { z } from 'zod';

/**
 * The sandboxed front-end bridge, version 1 (docs/minigame-frontend.md): what a studio's own
 * front end, in an opaque-origin iframe, may say to the web client by postMessage, and what the
 * web client says to it. Everything the frame sends is hostile until this schema passes it.
 */
export const FRAME_PROTOCOL = 1;

/** One input's JSON, as text, may be at most this long (the bridge's 4 KiB cap). */
export const MAX_FRAME_INPUT_BYTES = 4 * 1024;
/** Inputs the bridge passes on per second; the rest are dropped. */
export const MAX_FRAME_INPUTS_PER_SECOND = 20;
/** The largest front end a studio may upload. */
export const MAX_FRONTEND_BYTES = 256 * 1024;

const jsonSize = (value: unknown): number => {
  try {
    return new TextEncoder().encode(JSON.stringify(value) ?? '').length;
  } catch {
    return Infinity; // cycles or BigInt: not JSON
  }
};

export const FrameReady = z.strictObject({ type: z.literal('ready') });
export const FrameInput = z.strictObject({
  type: z.literal('input'),
  input: z.json().refine((v) => jsonSize(v) <= MAX_FRAME_INPUT_BYTES, 'at most 4 KiB of JSON'),
});
/** frame → parent */
export const FrameToParent = z.discriminatedUnion('type', [FrameReady, FrameInput]);
export type FrameToParent = z.infer<typeof FrameToParent>;

/** parent → frame: only this player's data, never a token or a user id. */
export type ParentToFrame =
  | { type: 'hello'; protocol: typeof FRAME_PROTOCOL; displayName: string }
  | { type: 'state'; state: unknown }
  | { type: 'view'; view: unknown }
  | { type: 'message'; data: unknown }
  | { type: 'phase'; phase: 'waiting' | 'in_progress' | 'over'; results?: unknown };

/**
 * The exact headers the front end is served with. The CSP `sandbox` makes it an opaque origin
 * even when opened directly (not in our iframe); no source may be fetched; `webrtc 'block'` is
 * honoured where browsers implement it and ignored elsewhere (see the doc for what is left).
 */
export const FRONTEND_CSP = [
  'sandbox allow-scripts',
  "default-src 'none'",
  "script-src 'unsafe-inline'",
  "style-src 'unsafe-inline'",
  'img-src data: blob:',
  'font-src data:',
  'media-src data: blob:',
  "connect-src 'none'",
  "frame-src 'none'",
  "child-src 'none'",
  "worker-src 'none'",
  "object-src 'none'",
  "manifest-src 'none'",
  "form-action 'none'",
  "frame-ancestors 'self'",
  "base-uri 'none'",
  "webrtc 'block'",
].join('; ');
