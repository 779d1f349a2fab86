import { encodeFrame, type GameTypeMeta, type PatchPath, type RoomState } from '@parlor/protocol';

interface Shared {
  seq: number;
  bytes: Uint8Array;
}

/**
 * Welcome frames, whose big part (the snapshot, the path table, the meta) is encoded once per
 * patch frame and shared by everyone who joins before the next one: a crowd joining costs one
 * encoding of the state per tick, not one per player.
 */
export class WelcomeFrames {
  private shared: Shared | null = null;

  constructor(
    private readonly meta: GameTypeMeta,
    private readonly graceMs: number,
  ) {}

  /** `state` and `paths` must be as of patch frame `seq`. */
  frame(
    player: { playerId: string; resumeToken: string },
    snapshot: { seq: number; state: RoomState; paths: readonly PatchPath[] },
  ): Uint8Array {
    if (this.shared?.seq !== snapshot.seq) {
      this.shared = {
        seq: snapshot.seq,
        bytes: mapEntries({
          graceMs: this.graceMs,
          seq: snapshot.seq,
          paths: snapshot.paths,
          state: snapshot.state,
          meta: this.meta,
        }),
      };
    }
    const own = mapEntries({ type: 'welcome', playerId: player.playerId, resumeToken: player.resumeToken });
    // A MessagePack map is a header with its entry count, then the entries: 3 own + 5 shared.
    return Buffer.concat([Uint8Array.of(0x80 | 8), own, this.shared.bytes]);
  }
}

/** The entries of a MessagePack map, without its header. */
function mapEntries(fields: Record<string, unknown>): Uint8Array {
  return Buffer.concat(
    Object.entries(fields).flatMap(([key, value]) => [encodeFrame(key), encodeFrame(value)]),
  );
}
