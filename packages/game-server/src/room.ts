import {
  GameErrorCode,
  GameResults,
  encodeFrame,
  errorMessage,
  type GameOptionValue,
  type ClientMessage,
  type GameLogic,
  type GamePlayer,
  type HeartbeatReport,
  type RoomState,
  type Rng,
  type ServerMessage,
} from '@parlor/protocol';
import type { Clock } from './clock.js';
import type { Farewell, PlayerConnection } from './connection.js';
import { resolveOptions, withDisplayNames } from './game-options.js';
import { errorFields, type Logger } from './logger.js';
import { PlayerSlots, type Slot } from './player-slots.js';
import type { Draft } from 'immer';
import { PatchEncoder } from './patch-encoder.js';
import { StateSync } from './state-sync.js';
import { WelcomeFrames } from './welcome-frames.js';

export interface RoomOptions {
  logic: GameLogic;
  maxPlayers: number;
  /** How long a dropped player's slot is kept. */
  graceMs: number;
  seed: number;
  rng: Rng;
  clock: Clock;
  log: Logger;
  /** Reports the start to the control plane; true once it acknowledged. */
  confirmStart(difficulty: string): Promise<boolean>;
  /** Called once, when the room is over for whatever reason. */
  onOver(outcome: RoomOutcome): void;
  /** The host changed; the control plane is told (it follows the game server's choice). */
  onHostChanged?(playerId: string): void;
}

export type RoomOutcome =
  { kind: 'finished'; results: GameResults } | { kind: 'abandoned' } | { kind: 'failed'; farewell: Farewell };

export type AdmitResult = { ok: true; playerId: string } | { ok: false; code: GameErrorCode };

const MAX_QUEUED_INPUTS_PER_PLAYER = 32;

/**
 * One game: the lobby (slots, host, resume), the start handshake with the control
 * plane, and the fixed-rate loop around the game's rules. Knows nothing of sockets.
 */
export class GameRoom {
  private readonly sync: StateSync<RoomState>;
  private readonly patches = new PatchEncoder();
  private readonly welcomes: WelcomeFrames;
  private readonly slots: PlayerSlots;
  private inputs: { playerId: string; data: unknown }[] = [];
  /** Admitted players not yet in the state (they are by the next change or frame). */
  private joining: Slot[] = [];
  private closed = false;
  /** Everyone who held a slot, by per-game id: results name players who left too. */
  private readonly roster = new Map<string, string>();

  constructor(private readonly o: RoomOptions) {
    this.slots = new PlayerSlots(o.clock);
    this.welcomes = new WelcomeFrames(o.logic.meta, o.graceMs);
    this.sync = new StateSync<RoomState>({
      gameType: o.logic.meta.id,
      phase: 'waiting',
      hostId: null,
      difficulty: null,
      players: {},
      game: null,
    });
  }

  /** Inside, `this.sync.state` serves for all but `players`, which joins may not have reached yet. */
  get state(): RoomState {
    this.applyJoins();
    return this.sync.state;
  }

  summary(): HeartbeatReport {
    const { phase } = this.sync.state;
    // 'starting' still awaits the ack; 'finished' counts as in progress until the final report.
    return {
      players: this.slots.size,
      phase: phase === 'waiting' || phase === 'starting' ? 'waiting' : 'in_progress',
    };
  }

  admitWithToken(player: GamePlayer, conn: PlayerConnection): AdmitResult {
    if (this.closed) return { ok: false, code: GameErrorCode.SERVER_STOPPING };
    const existing = this.slots.get(player.playerId);
    if (existing) return this.attach(existing, conn);
    if (this.sync.state.phase !== 'waiting') return { ok: false, code: GameErrorCode.GAME_STARTED };
    if (this.slots.size >= this.o.maxPlayers) return { ok: false, code: GameErrorCode.GAME_FULL };
    const slot = this.slots.add(player);
    this.roster.set(slot.playerId, slot.displayName);
    // Entered in the state with the next change or frame, all joiners at once: a crowd joining
    // copies the roster once per tick, not once per player.
    this.joining.push(slot);
    return this.attach(slot, conn);
  }

  admitWithResume(token: string, conn: PlayerConnection): AdmitResult {
    if (this.closed) return { ok: false, code: GameErrorCode.SERVER_STOPPING };
    const slot = this.slots.findByResumeToken(token);
    if (!slot) return { ok: false, code: GameErrorCode.RESUME_INVALID };
    return this.attach(slot, conn);
  }

  /** A message from an attached player, already validated against ClientMessage. */
  handle(playerId: string, conn: PlayerConnection, msg: ClientMessage): void {
    const slot = this.slots.get(playerId);
    if (!slot || slot.conn !== conn || this.closed) return;
    switch (msg.type) {
      case 'configure':
        return this.configure(slot, msg.difficulty, msg.options);
      case 'input':
        if (this.sync.state.phase === 'in_progress' && this.inputs.length < this.inputCap()) {
          this.inputs.push({ playerId, data: msg.data });
        }
        return;
      case 'leave':
        slot.conn = null;
        conn.close({ code: GameErrorCode.LEFT, message: errorMessage(GameErrorCode.LEFT) });
        return this.remove(playerId);
      case 'ping':
        return conn.send({ type: 'pong', ...(msg.ref ? { ref: msg.ref } : {}) });
    }
  }

  /**
   * The platform put the player out (their account lost its sessions): their socket closes with
   * the reason and their resume token dies. The slot is kept for the grace window like any
   * drop, so the player may come back with a connect token minted after they signed in again.
   */
  revoke(playerId: string, farewell: Farewell): void {
    const slot = this.slots.get(playerId);
    if (!slot) return;
    this.slots.forgetResumeToken(slot);
    // Closing leads to disconnected() (grace window, host hand-over) once the socket is gone.
    slot.conn?.close(farewell);
  }

  disconnected(playerId: string, conn: PlayerConnection): void {
    const slot = this.slots.get(playerId);
    if (!slot || slot.conn !== conn) return;
    slot.conn = null;
    if (this.closed) return;
    this.change((d) => {
      const p = d.players[playerId];
      if (p) p.connected = false;
    });
    const hostChanged = this.ensureHost();
    this.flushPatches();
    if (hostChanged) this.announceHost();
    this.slots.startGrace(slot, this.o.graceMs, () => this.remove(playerId));
  }

  /** One fixed step: queued inputs, the game's tick, patches, private messages, the end. */
  tick(): void {
    if (this.closed) return;
    if (this.sync.state.phase !== 'in_progress') return this.flushPatches();
    const inputs = this.inputs;
    this.inputs = [];
    const outbox: [string, unknown][] = [];
    const ctx = { rng: this.o.rng, sendTo: (id: string, data: unknown) => void outbox.push([id, data]) };
    const { logic, log } = this.o;
    try {
      this.change((d) => {
        for (const { playerId, data } of inputs) {
          try {
            logic.input(d.game, playerId, data);
          } catch (err) {
            log.warn('game input handler threw', { playerId, ...errorFields(err) });
          }
        }
        logic.tick(d.game, 1000 / logic.meta.tickHz, ctx);
      });
    } catch (err) {
      log.error('game tick threw', errorFields(err));
      return this.over({ kind: 'failed', farewell: { code: GameErrorCode.INTERNAL } });
    }
    this.flushPatches();
    for (const [id, data] of outbox) this.slots.get(id)?.conn?.send({ type: 'message', data });
    this.checkForEnd();
  }

  /** Ends a room nobody is in (e.g. nobody came); true if it did. */
  abandonIfEmpty(): boolean {
    if (this.closed || this.slots.size > 0) return false;
    this.over({ kind: 'abandoned' });
    return true;
  }

  /** Closes every player connection; the room accepts nothing afterwards. */
  closeAll(farewell?: Farewell): void {
    this.closed = true;
    this.slots.cancelAllGrace();
    for (const slot of this.slots.all()) {
      const conn = slot.conn;
      slot.conn = null;
      conn?.close(farewell);
    }
  }

  private attach(slot: Slot, conn: PlayerConnection): AdmitResult {
    this.slots.cancelGrace(slot);
    const previous = slot.conn;
    slot.conn = null;
    previous?.close({ code: GameErrorCode.REPLACED, message: errorMessage(GameErrorCode.REPLACED) });
    const resumeToken = this.slots.rotateResumeToken(slot);
    this.markConnected(slot.playerId);
    const hostChanged = this.ensureHost();
    // The others learn of the join with the next tick's frame, so a crowd joining costs one
    // frame per tick, not one per join. The welcome is as of the last frame (its encoding is
    // shared by everyone welcomed until the next), so this player's own entry comes with the next
    // frame, except for a new host, whose change goes out at once.
    if (hostChanged) {
      this.flushPatches();
      this.announceHost();
    }
    slot.conn = conn;
    const snapshot = { seq: this.sync.seq, state: this.sync.flushedState, paths: this.patches.table };
    conn.sendFrame(this.welcomes.frame({ playerId: slot.playerId, resumeToken }, snapshot));
    return { ok: true, playerId: slot.playerId };
  }

  private applyJoins(): void {
    if (this.joining.length === 0) return;
    const joining = this.joining;
    this.joining = [];
    this.sync.change((d) => {
      for (const s of joining)
        d.players[s.playerId] = { displayName: s.displayName, connected: true, seat: s.seat };
    });
  }

  /** Every change but the joins' goes through here, so the joins keep their place in the order. */
  private change(recipe: (draft: Draft<RoomState>) => void): void {
    this.applyJoins();
    this.sync.change(recipe);
  }

  private markConnected(playerId: string): void {
    if (this.joining.some((s) => s.playerId === playerId)) return;
    if (this.state.players[playerId]?.connected) return;
    this.change((d) => {
      const p = d.players[playerId];
      if (p) p.connected = true;
    });
  }

  private configure(slot: Slot, difficulty: string, chosen?: Record<string, GameOptionValue>): void {
    const refuse = (code: GameErrorCode) =>
      slot.conn?.send({ type: 'error', code, message: errorMessage(code) });
    const { meta } = this.o.logic;
    if (this.sync.state.hostId !== slot.playerId) return refuse(GameErrorCode.NOT_HOST);
    if (this.sync.state.phase !== 'waiting') return refuse(GameErrorCode.GAME_STARTED);
    if (!meta.difficulties.includes(difficulty)) return refuse(GameErrorCode.INVALID_DIFFICULTY);
    const options = resolveOptions(meta, chosen);
    if (!options) return refuse(GameErrorCode.INVALID_OPTION);
    if (this.slots.size < meta.minPlayers) return refuse(GameErrorCode.NOT_ENOUGH_PLAYERS);
    this.change((d) => {
      d.phase = 'starting';
      d.difficulty = difficulty;
    });
    this.flushPatches();
    void this.start(difficulty, options);
  }

  /** The game proper begins only once the control plane has acknowledged the start. */
  private async start(difficulty: string, options: Record<string, GameOptionValue>): Promise<void> {
    let acked = false;
    try {
      acked = await this.o.confirmStart(difficulty);
    } catch (err) {
      this.o.log.error('start confirmation failed', errorFields(err));
    }
    if (this.closed) return;
    if (!acked) return this.over({ kind: 'failed', farewell: { code: GameErrorCode.START_FAILED } });
    const players = this.slots.all().map(({ playerId, displayName }) => ({ playerId, displayName }));
    try {
      const game = this.o.logic.init({ difficulty, options, players, seed: this.o.seed, rng: this.o.rng });
      this.change((d) => {
        d.game = game;
        d.phase = 'in_progress';
      });
      // The lobby's paths (one per player) are done with: the game's own get the small ids.
      this.patches.startNewTable();
    } catch (err) {
      this.o.log.error('game init threw', errorFields(err));
      return this.over({ kind: 'failed', farewell: { code: GameErrorCode.INTERNAL } });
    }
    this.flushPatches();
  }

  private remove(playerId: string): void {
    const slot = this.slots.get(playerId);
    if (!slot || this.closed) return;
    this.slots.remove(slot);
    const { logic, log } = this.o;
    const inGame = this.sync.state.phase === 'in_progress';
    this.change((d) => {
      delete d.players[playerId];
      if (d.hostId === playerId) d.hostId = null;
      if (!inGame) return;
      try {
        logic.leave(d.game, playerId);
      } catch (err) {
        log.warn('game leave handler threw', { playerId, ...errorFields(err) });
      }
    });
    const hostChanged = this.ensureHost();
    this.flushPatches();
    if (hostChanged) this.announceHost();
    if (this.slots.size === 0) this.over({ kind: 'abandoned' });
  }

  /** Before the start the host must be someone who is connected, if anyone is. */
  private ensureHost(): boolean {
    let s = this.sync.state;
    if (s.phase !== 'waiting' && s.hostId !== null) return false;
    if (s.hostId !== null && s.players[s.hostId]?.connected) return false;
    this.applyJoins();
    s = this.sync.state;
    const bySeat = Object.entries(s.players).sort(([, a], [, b]) => a.seat - b.seat);
    const next = bySeat.find(([, p]) => p.connected)?.[0] ?? s.hostId ?? bySeat[0]?.[0] ?? null;
    if (next === s.hostId) return false;
    this.change((d) => {
      d.hostId = next;
    });
    return next !== null;
  }

  private announceHost(): void {
    const hostId = this.sync.state.hostId;
    if (hostId === null) return;
    this.broadcast({ type: 'host', playerId: hostId });
    this.o.onHostChanged?.(hostId);
  }

  private checkForEnd(): void {
    let results: GameResults | null;
    try {
      results = this.o.logic.result(this.sync.state.game);
    } catch (err) {
      this.o.log.error('game result threw', errorFields(err));
      return this.over({ kind: 'failed', farewell: { code: GameErrorCode.INTERNAL } });
    }
    if (results === null) return;
    const parsed = GameResults.safeParse(results);
    if (!parsed.success) {
      this.o.log.error('game returned malformed results');
      return this.over({ kind: 'failed', farewell: { code: GameErrorCode.INTERNAL } });
    }
    this.change((d) => {
      d.phase = 'finished';
    });
    this.flushPatches();
    const named = withDisplayNames(parsed.data, (id) => this.roster.get(id));
    this.broadcast({ type: 'ended', results: named });
    this.over({ kind: 'finished', results: named });
  }

  private over(outcome: RoomOutcome): void {
    if (this.closed) return;
    this.closed = true;
    this.inputs = [];
    this.slots.cancelAllGrace();
    this.o.onOver(outcome);
  }

  private flushPatches(): void {
    this.applyJoins();
    const batch = this.sync.flush();
    if (batch) this.broadcastFrame(this.patches.encode(batch.seq, batch.patches));
  }

  private broadcast(message: ServerMessage): void {
    this.broadcastFrame(encodeFrame(message));
  }

  private broadcastFrame(frame: Uint8Array): void {
    for (const slot of this.slots.all()) slot.conn?.sendFrame(frame);
  }

  private inputCap(): number {
    return this.o.maxPlayers * MAX_QUEUED_INPUTS_PER_PLAYER;
  }
}
