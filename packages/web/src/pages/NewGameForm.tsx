import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { plainWords } from '../app/plain-words.js';
import { useSession } from '../app/session.js';

/** Choose a game from /v1/game-types and how many may play; the host starts it from the room. */
export function NewGameForm() {
  const { client } = useSession();
  const navigate = useNavigate();
  const types = useQuery({
    queryKey: ['game-types'],
    queryFn: () => client.games.types(),
    staleTime: 60_000,
  });
  const [typeId, setTypeId] = useState('');
  const [players, setPlayers] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const type = types.data?.find((t) => t.id === typeId) ?? types.data?.[0];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!type) return;
    setBusy(true);
    setError(null);
    try {
      const created = await client.games.create({
        type: type.id,
        ...(players ? { maxPlayers: Number(players) } : {}),
      });
      navigate(`/play/${created.gameId}`, { state: { ticket: created } });
    } catch (err) {
      setError(plainWords(err));
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} className="row-form" aria-label="New game">
      <div className="field">
        <label htmlFor="game-type">Game</label>
        <select id="game-type" value={type?.id ?? ''} onChange={(e) => setTypeId(e.target.value)}>
          {types.data?.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name} ({t.minPlayers}–{t.maxPlayers} players)
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="max-players">Most players</label>
        <select id="max-players" value={players} onChange={(e) => setPlayers(e.target.value)}>
          <option value="">Any</option>
          {type &&
            Array.from({ length: type.maxPlayers - type.minPlayers + 1 }, (_, i) => type.minPlayers + i).map(
              (n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ),
            )}
        </select>
      </div>
      <button type="submit" className="primary" disabled={busy || !type}>
        {busy ? 'Starting a server…' : 'New game'}
      </button>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </form>
  );
}
