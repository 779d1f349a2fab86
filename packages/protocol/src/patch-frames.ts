import { z } from 'zod';

/**
 * The compact patch frame (docs/state-encoding.md): a MessagePack array
 * `[kind, seq, ops, paths?]`, encoded once per tick and sent as is to every player.
 * A path is named once, in the `paths` of the frame that first uses it (or in the welcome's
 * `paths`), and from then on by its index in the room's path table.
 */
export const PatchKind = { continue: 1, newTable: 2 } as const;
/** In `ops`, before a path id: the next op adds (inserts into an array) or removes. */
export const PatchOpMark = { add: -1, remove: -2 } as const;

export const PatchPath = z.array(z.union([z.string(), z.int().min(0)])).max(64);
export type PatchPath = z.infer<typeof PatchPath>;

export const PatchFrame = z.tuple([
  z.union([z.literal(PatchKind.continue), z.literal(PatchKind.newTable)]),
  z.int().min(1),
  z.array(z.unknown()),
  z.array(PatchPath).optional(),
]);
export type PatchFrame = z.infer<typeof PatchFrame>;

/** One change against the room state: what the ops of a patch frame decode to. */
export const StatePatch = z.object({
  op: z.enum(['add', 'remove', 'replace']),
  path: z.array(z.union([z.string(), z.number()])),
  value: z.unknown().optional(),
});
export type StatePatch = z.infer<typeof StatePatch>;

export class PatchFrameError extends Error {}

/** A player's side of the path table: turns patch frames into changes. Starts from a welcome's `paths`. */
export class PatchReader {
  private table: PatchPath[];

  constructor(paths: readonly PatchPath[]) {
    this.table = [...paths];
  }

  /** The changes of one frame, in order; throws PatchFrameError on a malformed frame. */
  read(frame: PatchFrame): StatePatch[] {
    const [kind, , ops, paths] = frame;
    if (kind === PatchKind.newTable) this.table = [];
    if (paths) this.table.push(...paths);
    const out: StatePatch[] = [];
    let i = 0;
    while (i < ops.length) {
      const head = ops[i++];
      const op = head === PatchOpMark.add ? 'add' : head === PatchOpMark.remove ? 'remove' : 'replace';
      const id = op === 'replace' ? head : ops[i++];
      const path = typeof id === 'number' ? this.table[id] : undefined;
      if (!path) throw new PatchFrameError(`unknown path id ${String(id)}`);
      if (op === 'remove') out.push({ op, path });
      else {
        if (i >= ops.length) throw new PatchFrameError('op without a value');
        out.push({ op, path, value: ops[i++] });
      }
    }
    return out;
  }
}
