import {
  closeCodeOf,
  errorMessage,
  type ErrorCode,
  MINIGAME_PROTOCOL_VERSIONS,
  MinigameHello,
  MinigameReattach,
  type MinigameAttachRequest,
} from '@parlor/protocol';
import type { WebSocket } from 'ws';
import type { Principal } from '../access/principal.js';
import type { Logger } from '../platform/logger.js';
import type { MinigameServers } from './minigame-servers.js';

export interface ConnectSessionDeps {
  servers: MinigameServers;
  log: Logger;
  /** Throws on an unknown, revoked or expired key. */
  verifyKey(key: string): Promise<Principal>;
  /** The registered mini-game a key serves, when it is a minigame key allowed to connect. */
  minigameOf(principal: Principal): Promise<string | undefined>;
  helloTimeoutMs: number;
  /** A fresh attach request to a running game of this mini-game; null for any other game. */
  reattach(minigameId: string, gameId: string): Promise<MinigameAttachRequest | null>;
}

// After `hello`, only `reattach` means something; other frames are only counted: a server that
// floods is closed, a quiet one is left alone.
const FRAMES_PER_10S = 50;

/**
 * One mini-game server's control socket: the first frame must be `hello {key, protocolVersion}`
 * within the deadline; then the connection is recorded (address, version, since) and kept until
 * either side closes it or its key is revoked.
 */
export function runConnectSession(socket: WebSocket, address: string, deps: ConnectSessionDeps): void {
  let connectionId: string | undefined;
  let minigameOf: string | undefined;
  let endReason = 'the mini-game server closed the socket';
  let frames = 0;
  const end = (code: ErrorCode, message = errorMessage(code)) => {
    endReason = message;
    if (socket.readyState === socket.OPEN) {
      socket.send(JSON.stringify({ type: 'closing', code, message }));
      socket.close(closeCodeOf(code), code);
    }
  };
  const deadline = setTimeout(() => end('AUTH_TIMEOUT'), deps.helloTimeoutMs);
  const window = setInterval(() => (frames = 0), 10_000);

  socket.on('close', () => {
    clearTimeout(deadline);
    clearInterval(window);
    if (connectionId) void deps.servers.closed(connectionId, endReason);
  });
  socket.on('message', (data, isBinary) => {
    frames += 1;
    if (frames > FRAMES_PER_10S) return end('RATE_LIMITED', 'Too many frames on the control socket');
    if (connectionId && minigameOf && !isBinary) return reattach(minigameOf, data.toString());
    if (frames > 1 || connectionId) return;
    clearTimeout(deadline);
    void hello(isBinary ? undefined : data.toString()).catch((err: unknown) => {
      deps.log.error({ err }, 'mini-game hello failed');
      end('UNAVAILABLE');
    });
  });

  function reattach(minigameId: string, text: string): void {
    const parsed = MinigameReattach.safeParse(parseJson(text));
    if (!parsed.success) return;
    deps.reattach(minigameId, parsed.data.gameId).then(
      (request) => {
        if (request && socket.readyState === socket.OPEN) socket.send(JSON.stringify(request));
      },
      (err: unknown) => deps.log.warn({ err }, 'could not answer a mini-game reattach'),
    );
  }

  async function hello(text: string | undefined): Promise<void> {
    const parsed = MinigameHello.safeParse(parseJson(text));
    if (!parsed.success)
      return end('BAD_FRAME', 'The first frame must be {type: "hello", key, protocolVersion}');
    let principal: Principal;
    try {
      principal = await deps.verifyKey(parsed.data.key);
    } catch {
      return end('MINIGAME_KEY_REFUSED');
    }
    const minigameId = await deps.minigameOf(principal);
    if (!minigameId || principal.kind !== 'apiKey') return end('MINIGAME_KEY_REFUSED');
    if (!(MINIGAME_PROTOCOL_VERSIONS as readonly number[]).includes(parsed.data.protocolVersion))
      return end(
        'MINIGAME_PROTOCOL_UNSUPPORTED',
        `This Parlor speaks mini-game protocol version ${MINIGAME_PROTOCOL_VERSIONS.join(', ')}`,
      );
    if (socket.readyState !== socket.OPEN) return;
    connectionId = await deps.servers.open(
      {
        minigameId,
        keyId: principal.keyId,
        end: (code, message) => end(code, message),
        send: (frame) => {
          if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
        },
      },
      { address, protocolVersion: parsed.data.protocolVersion },
    );
    // The socket may have closed while the record was written: the close handler missed it.
    if (socket.readyState !== socket.OPEN) return void deps.servers.closed(connectionId, endReason);
    minigameOf = minigameId;
    socket.send(
      JSON.stringify({
        type: 'welcome',
        minigameId,
        connectionId,
        protocolVersion: parsed.data.protocolVersion,
      }),
    );
  }
}

function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
