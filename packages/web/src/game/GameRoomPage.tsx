import type { GameResults, GameTicket, RoomState } from '@parlor/sdk';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { plainWords } from '../app/plain-words.js';
import { useSession } from '../app/session.js';
import { ChatPanel } from '../components/ChatPanel.js';
import { MinigamePlay } from '../minigame/MinigamePlay.js';
import { PlayView } from './PlayView.js';
import { Results, type ResultLine } from './Results.js';
import { useGameConnection } from './use-game-connection.js';
import { WaitingRoom } from './WaitingRoom.js';

const OVER = new Set(['finished', 'ended', 'failed']);
/** The one built-in game with its own canvas; every other type is a mini-game. */
const GEM_RUSH = 'gem-rush';

/** `/play/:gameId`: waiting room, the game, the results, and the game's chat. */
export default function GameRoomPage() {
  const { gameId = '' } = useParams();
  const { client, me } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const queries = useQueryClient();
  // The ticket from create/join is single use: taken once, then dropped from history, so a
  // reload asks for a fresh connect token instead.
  const [ticket] = useState(() => (location.state as { ticket?: GameTicket } | null)?.ticket ?? null);
  useEffect(() => {
    if (location.state) navigate(location.pathname, { replace: true, state: null });
  }, [location, navigate]);

  const view = useQuery({ queryKey: ['game', gameId], queryFn: () => client.games.get(gameId) });
  const over = view.data && OVER.has(view.data.status);
  const conn = useGameConnection(gameId, over ? null : ticket);
  const { state, results } = conn;
  // Over (or unreachable): the stored view has the final standings.
  useEffect(() => {
    if (results || conn.failure) void queries.invalidateQueries({ queryKey: ['game', gameId] });
  }, [results, conn.failure, gameId, queries]);

  const passcode =
    view.data?.passcode ?? (ticket && 'passcode' in ticket ? (ticket.passcode as string) : undefined);
  const title =
    state?.phase === 'in_progress'
      ? (conn.meta?.name ?? 'Playing')
      : results || over
        ? 'Game over'
        : 'Waiting room';

  let body;
  if (view.error)
    body = (
      <p role="alert" className="error">
        {plainWords(view.error)}
      </p>
    );
  else if (results && state)
    body = <Results lines={socketLines(results, state, conn.playerId)} summary={results.summary} />;
  else if (over && view.data)
    body = (
      <Results
        summary={view.data.summary ?? view.data.endReason}
        lines={view.data.players.map((p) => ({
          key: p.userId,
          name: p.displayName,
          score: p.score,
          rank: p.rank,
          mine: p.userId === me?.id,
        }))}
      />
    );
  else if (conn.failure)
    body = (
      <p role="alert" className="error">
        {conn.failure}
      </p>
    );
  else if (!state || !conn.game) body = <p role="status">Connecting to the game…</p>;
  else if (state.phase === 'waiting')
    body = (
      <WaitingRoom
        game={conn.game}
        state={state}
        meta={conn.meta}
        playerId={conn.playerId}
        passcode={passcode}
      />
    );
  else if (state.gameType === GEM_RUSH)
    body = <PlayView game={conn.game} state={state} playerId={conn.playerId} />;
  else
    body = (
      <MinigamePlay
        game={conn.game}
        state={state}
        meta={conn.meta}
        displayName={(conn.playerId && state.players[conn.playerId]?.displayName) || 'Player'}
      />
    );

  return (
    <div className="room">
      <div className="room-head">
        <h1>{title}</h1>
        <Link to="/">Leave the room</Link>
      </div>
      {conn.reconnecting && (
        <p className="banner" role="status">
          Reconnecting…
        </p>
      )}
      <div className="room-body">
        <div className="room-main">{body}</div>
        <ChatPanel channel={`game:${gameId}`} title="Game chat" />
      </div>
    </div>
  );
}

/** Results from the game socket, named from the room's players (results carry per-game ids). */
function socketLines(results: GameResults, state: RoomState, me: string | null): ResultLine[] {
  return results.players.map((p) => ({
    key: p.playerId,
    name: (p as { displayName?: string }).displayName ?? state.players[p.playerId]?.displayName ?? 'a player',
    score: p.score,
    rank: p.rank,
    mine: p.playerId === me,
  }));
}
