import { randomBytes } from 'node:crypto';
import { MinigameAttach, MinigameHello } from '@parlor/protocol';
import { driveGame, type GameScript } from './game-driver.js';
import { MiniGameProcess } from './mini-game-process.js';
import type { PeerSocket } from './peer-socket.js';
import { PlatformDouble } from './platform-double.js';
import { checkReattach } from './reattach-check.js';
import { Report } from './report.js';
import { parseJson } from '../parse-json.js';

export interface ConformanceOptions {
  /** The mini-game server's command line; `--url` and `--key` are appended. */
  command: string[];
  players?: number;
  difficulty?: string;
}

const KEY_REFUSED = 4061;

/** Plays the platform's side against a mini-game server and reports, in order, what it did. */
export async function runConformance(options: ConformanceOptions): Promise<Report> {
  const report = new Report();
  const platform = new PlatformDouble();
  const url = await platform.listen();
  const key = `plk_conformance_${randomBytes(12).toString('hex')}`;
  const game = new MiniGameProcess(options.command, url, key);
  const players = Array.from({ length: options.players ?? 2 }, (_, i) => ({
    playerId: `p${i + 1}-${randomBytes(4).toString('hex')}`,
    displayName: `Bot ${i + 1}`,
  }));
  const script = (extra: Partial<GameScript> = {}): GameScript => ({
    players,
    difficulty: options.difficulty ?? 'easy',
    timeoutMs: 30_000,
    ...extra,
  });
  const alive = (after: string) =>
    report.expect(
      game.alive,
      `still running after ${after}`,
      `exited with ${game.exitCode}: ${game.tail(key)}`,
    );
  try {
    let control = await helloOn(platform, report, key, 'control socket');
    if (!control) return report;
    let attaches = 0;
    const attach = async (
      label: string,
      token = `tok_${randomBytes(16).toString('hex')}`,
      gameId = `g${++attaches}-${label.replace(/\W+/g, '-')}`,
    ) => {
      control!.send({
        type: 'attach',
        gameId,
        path: `/v1/games/${gameId}/socket`,
        token,
        expiresAt: new Date(Date.now() + 20_000).toISOString(),
      });
      const peer = await platform.accept('game', 5000);
      if (
        !report.expect(
          Boolean(peer),
          `${label}: opens the game's socket at the path given`,
          'no game socket within 5 s',
        )
      )
        return undefined;
      const first = await peer!.next(1500);
      const frame = MinigameAttach.safeParse(first?.text ? parseJson(first.text) : undefined);
      report.expect(
        frame.success && frame.data.token === token,
        `${label}: first frame is attach with the token`,
        `got ${first?.text?.slice(0, 80) ?? 'nothing within 1.5 s'}`,
      );
      return peer!;
    };

    const stale = await attach('stale token');
    stale?.close(KEY_REFUSED, 'MINIGAME_KEY_REFUSED');
    await sleep(500);
    report.expect(
      !control.closed,
      'stale token: keeps its control socket after a refused attach',
      'the control socket closed',
    );
    alive('a refused attach');

    for (const [label, extra] of [
      ['full game', {}],
      ['junk inputs', { junk: true }],
      ['player leaves', { leaver: players[players.length - 1]!.playerId }],
    ] as const) {
      const peer = await attach(label);
      if (!peer) continue;
      peer.send({ type: 'attached', gameId: `g${attaches}`, protocolVersion: 1 });
      const outcome = await driveGame(peer, script(extra));
      report.expect(
        outcome.problems.length === 0,
        `${label}: every frame valid and within the limits (${outcome.frames} frames)`,
        outcome.problems.join('; '),
      );
      if (label === 'player leaves' && !outcome.results && !outcome.hungUp)
        report.pass(`${label}: the game goes on for the rest`);
      else
        report.expect(
          Boolean(outcome.results),
          `${label}: ends with results`,
          outcome.hungUp ? 'hung up without results' : 'no results within 30 s',
        );
      if (label === 'full game')
        report.pass(`${label}: asked for ${outcome.timersAsked} timers, handled them fired early`);
      peer.send({ type: 'closing', code: 'SERVER_STOPPING', message: 'The game is over.' });
      peer.close(1000, 'SERVER_STOPPING');
      alive(label);
    }

    await checkReattach({
      report,
      control,
      players,
      difficulty: options.difficulty ?? 'easy',
      attach: (label, gameId) => attach(label, undefined, gameId),
    });
    alive('a dropped game socket');

    control.socket.terminate();
    control = await helloOn(platform, report, key, 'reconnect after the control socket dropped', 8000);
    if (!control) return report;
    const after = await attach('after reconnect');
    after?.close(1000, 'done');

    control.send({ type: 'closing', code: 'MINIGAME_KEY_REFUSED', message: 'The key was revoked.' });
    control.close(KEY_REFUSED, 'MINIGAME_KEY_REFUSED');
    const again = await platform.accept('control', 2500);
    report.expect(!again, 'key refused: does not reconnect with the same key', 'reconnected within 2.5 s');
    again?.close(KEY_REFUSED, 'MINIGAME_KEY_REFUSED');
    return report;
  } finally {
    await game.stop();
    await platform.close();
  }
}

/** Accepts a control socket and checks its hello: the key in the first frame, never the URL. */
async function helloOn(
  platform: PlatformDouble,
  report: Report,
  key: string,
  label: string,
  timeoutMs = 10_000,
): Promise<PeerSocket | undefined> {
  const control = await platform.accept('control', timeoutMs);
  if (
    !report.expect(
      Boolean(control),
      `${label}: opens /v1/minigames/connect`,
      `no connection within ${timeoutMs / 1000} s`,
    )
  )
    return undefined;
  report.expect(
    !control!.requestUrl.includes(key),
    `${label}: the key is not in the URL`,
    'the URL carries the key',
  );
  const first = await control!.next(10_000);
  const hello = MinigameHello.safeParse(first?.text ? parseJson(first.text) : undefined);
  const ok = hello.success && hello.data.key === key && hello.data.protocolVersion === 1;
  report.expect(
    ok,
    `${label}: first frame is hello with the key and protocolVersion 1`,
    hello.success
      ? 'wrong key or version'
      : `got ${first?.text ? 'an invalid frame' : 'nothing within 10 s'}`,
  );
  // Without a good hello the platform closes the socket; nothing further can be checked.
  if (!ok) return undefined;
  control!.send({
    type: 'welcome',
    minigameId: 'conformance',
    connectionId: randomBytes(6).toString('hex'),
    protocolVersion: 1,
  });
  return control;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
