import {
  GameClient,
  type GameResults,
  type GameTicket,
  type GameTypeMeta,
  type RoomState,
} from '@parlor/sdk';
import { useEffect, useState } from 'react';
import { gameWords } from '../app/plain-words.js';
import { useSession } from '../app/session.js';

export interface GameConnection {
  game: GameClient | null;
  state: RoomState | null;
  meta: GameTypeMeta | null;
  playerId: string | null;
  /** The socket dropped and is being made again; clears by itself. */
  reconnecting: boolean;
  results: GameResults | null;
  /** The game cannot be reached any more (over, refused); words for people. */
  failure: string | null;
}

const EMPTY: GameConnection = {
  game: null,
  state: null,
  meta: null,
  playerId: null,
  reconnecting: false,
  results: null,
  failure: null,
};
const MAX_FRESH_TOKENS = 6;

/**
 * The page's one game socket for `gameId`. Uses the ticket the create or join answered when it is
 * fresh, otherwise asks for a new connect token (a reload, or a resume window that ran out), so a
 * reload mid-game lands back in the same game.
 */
export function useGameConnection(gameId: string, firstTicket: GameTicket | null): GameConnection {
  const { client } = useSession();
  const [conn, setConn] = useState<GameConnection>(EMPTY);

  useEffect(() => {
    let stopped = false;
    let current: GameClient | null = null;
    let fresh = 0;
    const update = (patch: Partial<GameConnection>) => !stopped && setConn((c) => ({ ...c, ...patch }));

    const open = async (ticket: GameTicket | null) => {
      let t: GameTicket;
      try {
        t = ticket ?? (await client.games.connectToken(gameId));
      } catch (err) {
        return update({ failure: (err as Error).message, reconnecting: false });
      }
      if (stopped) return;
      const game = new GameClient(client.gameOptions(t));
      current = game;
      game.on('state', (state) => update({ state }));
      game.on('reconnecting', () => update({ reconnecting: true }));
      game.on('resumed', () => update({ reconnecting: false }));
      game.on('ended', (results) => update({ results, state: game.state }));
      game.on('closed', (e) => {
        if (stopped || game !== current || game.results) return;
        // Resume failed or the token was refused: a fresh connect token, a few times.
        if (fresh++ < MAX_FRESH_TOKENS) {
          update({ reconnecting: true });
          setTimeout(() => void open(null), 300 * fresh);
        } else update({ failure: gameWords(e.code, e.message), reconnecting: false });
      });
      try {
        await game.connect();
        fresh = 0;
        update({ game, playerId: game.playerId, meta: game.meta, state: game.state, reconnecting: false });
      } catch {
        // `closed` has already scheduled the next try.
      }
    };
    void open(firstTicket && Date.parse(firstTicket.connectTokenExpiresAt) > Date.now() ? firstTicket : null);
    return () => {
      stopped = true;
      current?.close();
      setConn(EMPTY);
    };
  }, [client, gameId, firstTicket]);

  return conn;
}
