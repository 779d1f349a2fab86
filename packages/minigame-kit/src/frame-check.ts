import { MinigameGameMessage } from '@parlor/protocol';

/** The protocol's per-frame cap (docs/minigame-protocol.md, "Limits and failure"). */
export const FRAME_LIMIT_BYTES = 16 * 1024;
export const STATE_LIMIT_BYTES = 32 * 1024;

/** A frame the kit refused to send: the studio's bug, reported locally instead of ending the game. */
export class MinigameFrameError extends Error {
  override readonly name = 'MinigameFrameError';
}

/** Checks one outgoing frame against the schema and the size cap; answers its JSON text. */
export function encodeGameFrame(frame: unknown): string {
  const parsed = MinigameGameMessage.safeParse(frame);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || '(frame)';
    throw new MinigameFrameError(
      `invalid ${describe(frame)} frame at ${where}: ${issue?.message ?? 'invalid'}`,
    );
  }
  const text = JSON.stringify(frame);
  const bytes = Buffer.byteLength(text);
  if (bytes > FRAME_LIMIT_BYTES)
    throw new MinigameFrameError(
      `${describe(frame)} frame is ${bytes} bytes; the limit is ${FRAME_LIMIT_BYTES}`,
    );
  return text;
}

function describe(frame: unknown): string {
  const type = (frame as { type?: unknown } | null)?.type;
  return typeof type === 'string' ? `'${type}'` : 'a';
}
