import { enablePatches, produceWithPatches, type Draft, type Patch } from 'immer';
import type { StatePatch } from '@parlor/protocol';

enablePatches();

/**
 * The authoritative state and the patches not yet sent. Every change goes through
 * `change`, so what the players receive is exactly what happened, in order.
 */
export class StateSync<S extends object> {
  private pending: Patch[] = [];
  private seqNo = 0;
  private flushed: S;

  constructor(private current: S) {
    this.flushed = current;
  }

  /** The state as of the last flush (immer shares its unchanged parts, so keeping it is cheap). */
  get flushedState(): S {
    return this.flushed;
  }

  get state(): S {
    return this.current;
  }

  /** Sequence number of the last flushed patch batch; a snapshot is valid at this seq. */
  get seq(): number {
    return this.seqNo;
  }

  get hasPending(): boolean {
    return this.pending.length > 0;
  }

  change(recipe: (draft: Draft<S>) => void): void {
    const [next, patches] = produceWithPatches(this.current, recipe);
    this.current = next as S;
    if (patches.length > 0) for (const p of patches) this.pending.push(p);
  }

  /** Takes the pending patches as one numbered batch, or null when nothing changed. */
  flush(): { seq: number; patches: StatePatch[] } | null {
    if (this.pending.length === 0) return null;
    const patches = this.pending as StatePatch[];
    this.pending = [];
    this.seqNo += 1;
    this.flushed = this.current;
    return { seq: this.seqNo, patches };
  }
}
