import type { GameClient, GameTypeMeta, RoomState } from '@parlor/sdk';
import { useState } from 'react';
import { QrCode } from '../components/QrCode.js';
import { RadioGroup } from '../components/RadioGroup.js';

interface Props {
  game: GameClient;
  state: RoomState;
  meta: GameTypeMeta | null;
  playerId: string | null;
  passcode: string | undefined;
}

/** Who is here; the host shares the code and starts; everyone else waits for the host. */
export function WaitingRoom({ game, state, meta, playerId, passcode }: Props) {
  const isHost = state.hostId === playerId;
  const players = Object.entries(state.players);
  return (
    <div className="waiting">
      <section className="card" aria-labelledby="players-heading">
        <h2 id="players-heading">Players ({players.length})</h2>
        <ul className="plain players">
          {players.map(([id, p]) => (
            <li key={id}>
              <span className={p.connected ? 'dot on' : 'dot'} aria-hidden="true" />
              <span className="name">
                {p.displayName}
                {id === playerId ? ' (you)' : ''}
              </span>
              {id === state.hostId && <span className="badge">host</span>}
              <span className="muted small">{p.connected ? 'connected' : 'not connected'}</span>
            </li>
          ))}
        </ul>
        {!isHost && (
          <p role="status" className="notice">
            Waiting for the host to start the game…
          </p>
        )}
      </section>
      {isHost && <HostPanel game={game} meta={meta} passcode={passcode} />}
    </div>
  );
}

function HostPanel({
  game,
  meta,
  passcode,
}: {
  game: GameClient;
  meta: GameTypeMeta | null;
  passcode: string | undefined;
}) {
  const [copied, setCopied] = useState<string | null>(null);
  const [difficulty, setDifficulty] = useState(meta?.difficulties[0] ?? 'normal');
  const gameOptions = meta?.options ?? [];
  // Each option starts at the game's own default; only what the host sees is sent.
  const [options, setOptions] = useState<Record<string, string | number>>(() =>
    Object.fromEntries(gameOptions.map((o) => [o.id, o.default])),
  );
  const link = passcode ? `${location.origin}/join/${encodeURIComponent(passcode)}` : '';

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link);
      setCopied('Link copied.');
    } catch {
      setCopied('Copying is not allowed here: select the link and copy it.');
    }
  };

  return (
    <section className="card host" aria-labelledby="invite-heading">
      <h2 id="invite-heading">Invite your friends</h2>
      {passcode ? (
        <>
          <p className="muted">Game code</p>
          <p className="code" aria-label={`Game code ${passcode.split('').join(' ')}`}>
            {passcode}
          </p>
          <div className="share">
            <label htmlFor="share-link">Share link</label>
            <div className="row">
              <input id="share-link" readOnly value={link} onFocus={(e) => e.target.select()} />
              <button type="button" onClick={() => void copy()}>
                Copy link
              </button>
            </div>
            {copied && <p role="status">{copied}</p>}
          </div>
          <QrCode text={link} label="QR code of the share link" />
        </>
      ) : (
        <p className="muted">The code is no longer shown.</p>
      )}
      <RadioGroup<string>
        legend="Difficulty"
        choices={meta?.difficulties ?? ['normal']}
        value={difficulty}
        onChange={setDifficulty}
        label={(d) => d[0]!.toUpperCase() + d.slice(1)}
      />
      {gameOptions.map((o) => (
        <RadioGroup<string | number>
          key={o.id}
          legend={o.name}
          choices={o.choices}
          value={options[o.id] ?? o.default}
          onChange={(v) => setOptions((prev) => ({ ...prev, [o.id]: v }))}
          label={(v) => withUnit(v, o.unit)}
        />
      ))}
      <button
        type="button"
        className="primary"
        onClick={() => game.configure(difficulty, gameOptions.length ? options : undefined)}
      >
        Start the game
      </button>
    </section>
  );
}

/** `1 minute`, `3 minutes`: the unit the game names, singular for one. */
function withUnit(value: string | number, unit: string | undefined): string {
  if (!unit) return String(value);
  return `${value} ${value === 1 && unit.endsWith('s') ? unit.slice(0, -1) : unit}`;
}
