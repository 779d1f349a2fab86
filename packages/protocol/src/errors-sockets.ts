import type { ErrorEntry } from './errors.js';

/** What only the sockets say: frames, the first frame's deadline, abuse, shutdown. Part of the one catalogue (errors.ts). */
export const socketErrors = {
  BAD_FRAME: {
    realtime: 'error',
    game: 'both',
    closeCode: 4030,
    message: 'The frame is not a valid message',
    meaning:
      'A socket frame did not parse or broke its schema (realtime: JSON text; game: MessagePack binary). Too many close the game socket.',
  },
  AUTH_REQUIRED: {
    realtime: 'error',
    message: 'Send {type: "auth", token} first',
    meaning: 'A realtime frame other than `auth` arrived before authentication succeeded.',
  },
  AUTH_TIMEOUT: {
    realtime: 'close',
    game: 'close',
    closeCode: 4004,
    message: 'No credential arrived in time',
    meaning: 'The first frame (`auth` on the realtime socket, `hello`/`resume` on the game socket) was late.',
  },
  POLICY_VIOLATION: {
    realtime: 'close',
    closeCode: 1008,
    message: 'This connection broke the rules too often',
    meaning: 'Too many refused realtime frames, or a reader too slow to keep up.',
  },
  SERVER_BUSY: {
    game: 'close',
    closeCode: 1013,
    message: 'The server has no room for another connection; try again later',
    meaning: 'A game server holds as many sockets as it allows.',
  },
  SERVER_STOPPING: {
    realtime: 'close',
    game: 'close',
    closeCode: 1001,
    message: 'The server is stopping',
    meaning: 'The node is shutting down, or the platform ended the game.',
  },
  TOO_MANY_SOCKETS: {
    realtime: 'close',
    closeCode: 4029,
    message: 'Too many sockets are open for this user or address',
    meaning: 'The user, or their address, holds as many realtime sockets as one node allows (docs/chat.md).',
  },
} as const satisfies Record<string, ErrorEntry>;
