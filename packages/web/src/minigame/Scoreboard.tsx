import type { UiComponent } from '@parlor/protocol';

type Row = Extract<UiComponent, { kind: 'scoreboard' }>['rows'][number];

/** The mini-game's scoreboard as a table, in the order it sent. */
export function Scoreboard({ rows }: { rows: Row[] }) {
  return (
    <table className="mg-scoreboard">
      <caption>Scoreboard</caption>
      <thead>
        <tr>
          <th scope="col">Player</th>
          <th scope="col">Score</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={i}>
            <td>{r.name}</td>
            <td className="mg-score">{r.score}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
