import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { plainWords } from '../app/plain-words.js';
import { useSession } from '../app/session.js';

/** `/join/<code>`: a share link. Signed in (the shell saw to that), it goes straight to the room. */
export function JoinLinkPage() {
  const { code = '' } = useParams();
  const { client } = useSession();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const tried = useRef(false);

  useEffect(() => {
    // Once: a join spends a try against the passcode rate limit.
    if (tried.current) return;
    tried.current = true;
    client.games
      .join(code)
      .then((ticket) => navigate(`/play/${ticket.gameId}`, { replace: true, state: { ticket } }))
      .catch((err) => setError(plainWords(err)));
  }, [client, code, navigate]);

  return (
    <div className="narrow card">
      <h1>Joining game {code}</h1>
      {error ? (
        <>
          <p role="alert" className="error">
            {error}
          </p>
          <Link to="/">Back to home</Link>
        </>
      ) : (
        <p role="status">Finding the game…</p>
      )}
    </div>
  );
}
