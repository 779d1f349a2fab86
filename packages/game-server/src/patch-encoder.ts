import {
  PatchKind,
  PatchOpMark,
  encodeFrame,
  type PatchFrame,
  type PatchPath,
  type StatePatch,
} from '@parlor/protocol';

/** Past this many paths the next frame starts a new table, so a long game does not grow it forever. */
export const DEFAULT_MAX_PATHS = 4096;

/**
 * The room's path table and the encoding of one batch of changes into a patch frame
 * (docs/state-encoding.md). One table per room, so one frame serves every player; a player who
 * joins gets the table in the welcome.
 */
export class PatchEncoder {
  private ids = new Map<string, number>();
  private paths: PatchPath[] = [];
  private freshTable = false;

  constructor(private readonly maxPaths = DEFAULT_MAX_PATHS) {}

  /** The table as of the last frame encoded: what a welcome carries. */
  get table(): readonly PatchPath[] {
    return this.paths;
  }

  /** The next frame starts a new table (e.g. when the game starts and the lobby's paths are done with). */
  startNewTable(): void {
    this.freshTable = true;
  }

  encode(seq: number, patches: readonly StatePatch[]): Uint8Array {
    if (this.freshTable || this.paths.length > this.maxPaths) {
      this.ids = new Map();
      this.paths = [];
    }
    const kind = this.freshTable || this.paths.length === 0 ? PatchKind.newTable : PatchKind.continue;
    this.freshTable = false;
    const firstNew = this.paths.length;
    const ops: unknown[] = [];
    for (const p of patches) {
      const id = this.idOf(p.path as PatchPath);
      if (p.op === 'replace') ops.push(id, p.value);
      else if (p.op === 'add') ops.push(PatchOpMark.add, id, p.value);
      else ops.push(PatchOpMark.remove, id);
    }
    const frame: PatchFrame = [kind, seq, ops];
    if (this.paths.length > firstNew) frame.push(this.paths.slice(firstNew));
    return encodeFrame(frame);
  }

  private idOf(path: PatchPath): number {
    const key = pathKey(path);
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.paths.length;
      this.ids.set(key, id);
      this.paths.push([...path]);
    }
    return id;
  }
}

/** Array indexes and object keys stay apart: `["a", 1]` and `["a", "1"]` are different paths. */
function pathKey(path: PatchPath): string {
  let key = '';
  for (const part of path) key += typeof part === 'number' ? `\u0001${part}` : `\u0002${part}`;
  return key;
}
