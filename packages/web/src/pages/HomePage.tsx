import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useSession } from '../app/session.js';
import { ChatPanel } from '../components/ChatPanel.js';
import { JoinForm } from './JoinForm.js';
import { NewGameForm } from './NewGameForm.js';

const RUNNING = new Set(['launching', 'waiting', 'in_progress']);

/** Who is online, the lobby, and the ways into a game. */
export function HomePage() {
  const { client, me } = useSession();
  const online = useQuery({
    queryKey: ['presence'],
    queryFn: () => client.chat.presence(),
    refetchInterval: 10_000,
  });
  const games = useQuery({
    queryKey: ['games'],
    queryFn: () => client.games.list(),
    refetchInterval: 15_000,
  });
  const running = (games.data ?? []).filter((g) => RUNNING.has(g.status));
  const people = (online.data ?? []).filter((p) => p.online && p.userId !== me?.id);

  return (
    <div className="home">
      <section className="card" aria-labelledby="play-heading">
        <h1 id="play-heading">Play</h1>
        <NewGameForm />
        <JoinForm />
        <h2>My running games</h2>
        {running.length === 0 ? (
          <p className="muted">None right now.</p>
        ) : (
          <ul className="plain">
            {running.map((g) => (
              <li key={g.id}>
                <Link to={`/play/${g.id}`}>
                  Rejoin {g.type} ({g.status === 'in_progress' ? 'playing' : 'waiting'}, {g.players.length}{' '}
                  {g.players.length === 1 ? 'player' : 'players'})
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
      <ChatPanel channel="lobby" title="Lobby chat" />
      <section className="card" aria-labelledby="online-heading">
        <h2 id="online-heading">Online now</h2>
        {people.length === 0 ? (
          <p className="muted">Nobody else is online.</p>
        ) : (
          <ul className="plain people">
            {people.map((p) => (
              <li key={p.userId}>
                <span className="dot on" aria-hidden="true" /> {p.username ?? 'someone'}
                {p.games.length > 0 && <span className="muted small"> (in a game)</span>}{' '}
                <Link to={`/messages/${p.userId}`} aria-label={`Message ${p.username ?? 'this person'}`}>
                  Message
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
