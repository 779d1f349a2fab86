import type { GameServerMinigame } from '@parlor/protocol';
/**
 * The launcher port: how the matchmaker gets a dedicated game server running and gone again.
 * Implementations: ProcessLauncher (child processes, the default); Docker and Kubernetes
 * launchers come later (docs/kubernetes-launcher.md). Contract for every implementation:
 *
 * - `launch` starts one server and hands it `secrets` over a private channel only (IPC, an
 *   HTTP request on a private network, ...): never argv, environment, logs or URLs. It
 *   resolves once the secrets are delivered, not when the server is ready; readiness is the
 *   server's own `ready` report. On failure it leaves nothing running.
 * - `stop` is idempotent and also stops servers this instance did not start but `list` shows
 *   (left over from a previous run). It resolves when the server is gone or was never there.
 * - `list` shows every server this launcher can see, including ones from earlier runs; it is
 *   what reconciliation at start compares with the database.
 * - `scope` names what `list` can see (one host's data directory, one Docker engine, one
 *   cluster namespace); games are stamped with it so that a node reconciles only its own.
 */
export interface GameServerLauncher {
  readonly scope: string;
  launch(spec: LaunchSpec): Promise<LaunchedGameServer>;
  stop(gameId: string, options?: { graceMs?: number }): Promise<void>;
  list(): Promise<RunningGameServer[]>;
  /** Called when a server this instance launched exits, expectedly or not. */
  onExit(listener: (gameId: string, detail: string) => void): void;
  /**
   * Called when the node shuts down. Returns the games whose servers it stopped (the process
   * launcher's children cannot outlive their node usefully; a container launcher may keep
   * its servers running for the next start to adopt and return none).
   */
  close(): Promise<string[]>;
}

export interface LaunchSpec {
  gameId: string;
  gameType: string;
  maxPlayers: number;
  heartbeatIntervalMs: number;
  /** Base URL the server reports to (ready, heartbeat, status). */
  controlUrl: string;
  secrets: { connectKey: Buffer; reportingToken: string };
  /** A studio's mini-game: its server attaches to the game and runs the rules. */
  minigame?: GameServerMinigame;
}

export interface LaunchedGameServer {
  /** Launcher-specific id: a pid, a container id, a pod name. */
  ref: string;
  /** The host name players connect to. */
  publicHost: string;
  /** Set when the launcher maps ports itself (containers); else the port the server reports is used. */
  publicPort?: number;
  /**
   * Where the control plane reaches the server to relay players' sockets (PARLOR_GAME_CONNECT=relay):
   * a loopback or private-network address. Default: publicHost, and the port the server reports.
   */
  privateHost?: string;
  privatePort?: number;
}

export interface RunningGameServer {
  gameId: string;
  ref: string;
}
