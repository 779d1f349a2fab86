import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useSession } from '../app/session.js';
import { FormError } from '../components/FormError.js';

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
  const type = types.data?.find((t) => t.id === typeId) ?? types.data?.[0];

  const create = useMutation({
    mutationFn: (typeId: string) =>
      client.games.create({ type: typeId, ...(players ? { maxPlayers: Number(players) } : {}) }),
    onSuccess: (created) => navigate(`/play/${created.gameId}`, { state: { ticket: created } }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (type) create.mutate(type.id);
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
      <button type="submit" className="primary" disabled={create.isPending || !type}>
        {create.isPending ? 'Starting a server…' : 'New game'}
      </button>
      <FormError error={create.error} />
    </form>
  );
}
