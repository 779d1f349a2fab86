import { randomInt } from 'node:crypto';
import { createSeededRng } from '@parlor/games';
import { GAME_END_REASON_MAX, GameErrorCode, errorMessage, type GameLogic, type Rng } from '@parlor/protocol';
import { systemClock, type Clock } from './clock.js';
import type { Farewell } from './connection.js';
import type { ControlReporter } from './control-reporter.js';
import { keepHeartbeat } from './heartbeat.js';
import { hostReports } from './host-reports.js';
import { silentLogger, type Logger } from './logger.js';
import { watchRevocations } from './revocation-watch.js';
import { RevokedPlayers } from './revoked-players.js';
import { GameRoom, type RoomOutcome } from './room.js';
import { createConnectTokenVerifier } from './token-verifier.js';
import { defaultTransportLimits, type TransportLimits } from './transport-limits.js';
import { listenForPlayers, type MessageSink } from './ws-transport.js';
import type { WebSocket } from 'ws';

export interface GameServerConfig {
  gameId: string;
  connectKey: Uint8Array;
  maxPlayers: number;
  host: string;
  /** 0 picks a free port. */
  port: number;
  heartbeatIntervalMs: number;
  /** How long a dropped player's slot is kept (default 30 s). */
  graceMs?: number;
  /** How long heartbeats may fail in a row before the server gives up (default 2 min). */
  heartbeatGiveUpMs?: number;
  /** A game nobody joins ends after this long (default 5 min). */
  idleTimeoutMs?: number;
  /** How long sockets get to finish closing at shutdown (default 1 s). */
  drainMs?: number;
  limits?: Partial<TransportLimits>;
}

export interface GameServerDeps {
  config: GameServerConfig;
  logic: GameLogic;
  reporter: ControlReporter;
  clock?: Clock;
  log?: Logger;
  seed?: number;
  rng?: Rng;
  /** A mini-game's game: how its server attaches (see MinigameLink.accept). */
  attachMinigame?: (ws: WebSocket, first: string) => MessageSink | null;
}

export interface GameServerExit {
  exitCode: number;
  reason: string;
}

export interface RunningGameServer {
  port: number;
  room: GameRoom;
  /** Tells every player why, closes sockets; resolves when done. */
  stop(farewell?: Farewell): Promise<GameServerExit>;
  /** The game broke: players are told why, the control plane gets the code and words, it stops. */
  fail(farewell: Farewell): Promise<GameServerExit>;
  /** Resolves once the server has shut down; main.ts exits with its code. */
  exited: Promise<GameServerExit>;
}

/** Starts one game: listens for players, reports to the control plane, runs to the end. */
export async function startGameServer(deps: GameServerDeps): Promise<RunningGameServer> {
  const { config, logic, reporter } = deps;
  const clock = deps.clock ?? systemClock;
  const log = deps.log ?? silentLogger;
  const seed = deps.seed ?? randomInt(2 ** 31);
  const maxPlayers = Math.min(config.maxPlayers, logic.meta.maxPlayers);
  const cleanups: (() => void)[] = [];
  let resolveExit!: (exit: GameServerExit) => void;
  const exited = new Promise<GameServerExit>((resolve) => (resolveExit = resolve));
  let shuttingDown: Promise<GameServerExit> | null = null;

  const revoked = new RevokedPlayers(clock);
  const room = new GameRoom({
    logic,
    maxPlayers,
    graceMs: config.graceMs ?? 30_000,
    seed,
    rng: deps.rng ?? createSeededRng(seed),
    clock,
    log,
    confirmStart: (difficulty) => reporter.status({ status: 'in_progress', difficulty }),
    onOver: (outcome) => void finish(outcome),
    onHostChanged: hostReports(reporter),
  });
  const listener = await listenForPlayers({
    host: config.host,
    port: config.port,
    room,
    verify: createConnectTokenVerifier({ key: config.connectKey, gameId: config.gameId, clock, revoked }),
    limits: { ...defaultTransportLimits(maxPlayers), ...config.limits },
    clock,
    log,
    ...(deps.attachMinigame ? { attachMinigame: deps.attachMinigame } : {}),
  });

  function shutdown(
    farewell: Farewell | undefined,
    exitCode: number,
    reason: string,
  ): Promise<GameServerExit> {
    shuttingDown ??= (async () => {
      for (const cleanup of cleanups) cleanup();
      log.info('game server stopping', { reason, exitCode });
      room.closeAll(farewell);
      await listener.close(config.drainMs ?? 1_000);
      const exit = { exitCode, reason };
      resolveExit(exit);
      return exit;
    })();
    return shuttingDown;
  }

  let finishing = false;
  async function finish(outcome: RoomOutcome): Promise<void> {
    if (finishing || shuttingDown) return;
    finishing = true;
    if (outcome.kind === 'failed') {
      const farewell = withMessage(outcome.farewell);
      // Players hear why at once; the report's round trip comes after.
      room.closeAll(farewell);
      const reason = farewell.message!.slice(0, GAME_END_REASON_MAX);
      await reporter.status({ status: 'failed', code: farewell.code, reason });
      await shutdown(farewell, 1, outcome.farewell.code);
      return;
    }
    const reported = await reporter.status(
      outcome.kind === 'finished'
        ? { status: 'finished', results: outcome.results }
        : { status: 'abandoned' },
    );
    await shutdown(undefined, reported ? 0 : 1, outcome.kind);
  }

  const ticker = clock.setInterval(() => room.tick(), 1000 / logic.meta.tickHz);
  const idle = clock.setTimeout(() => room.abandonIfEmpty(), config.idleTimeoutMs ?? 300_000);
  cleanups.push(
    () => clock.clearInterval(ticker),
    () => clock.clearTimeout(idle),
  );
  log.info('game server listening', { port: listener.port, gameType: logic.meta.id, maxPlayers });

  if (!(await reporter.ready({ port: listener.port }))) {
    void shutdown(withMessage({ code: GameErrorCode.SERVER_STOPPING }), 1, 'ready report refused');
  } else {
    const heartbeat = keepHeartbeat({
      reporter,
      clock,
      intervalMs: config.heartbeatIntervalMs,
      giveUpMs: config.heartbeatGiveUpMs ?? 120_000,
      summary: () => room.summary(),
      onForgotten: () =>
        void shutdown(
          { code: GameErrorCode.SERVER_STOPPING, message: 'the platform ended this game' },
          0,
          'forgotten',
        ),
      onUnreachable: () =>
        void shutdown(
          { code: GameErrorCode.SERVER_STOPPING, message: 'the game server lost contact with the platform' },
          1,
          'control plane unreachable',
        ),
    });
    cleanups.push(() => clock.clearInterval(heartbeat));
    cleanups.push(watchRevocations({ reporter, room, revoked, clock, log }));
  }

  return {
    port: listener.port,
    room,
    stop: (farewell) =>
      shutdown(withMessage(farewell ?? { code: GameErrorCode.SERVER_STOPPING }), 0, 'stopped'),
    fail: async (farewell) => {
      await finish({ kind: 'failed', farewell });
      return exited;
    },
    exited,
  };
}

function withMessage(farewell: Farewell): Farewell {
  return { ...farewell, message: farewell.message ?? errorMessage(farewell.code) };
}
