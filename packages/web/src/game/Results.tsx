import { Link } from 'react-router';

export interface ResultLine {
  key: string;
  name: string;
  score: number | null;
  rank: number | null;
  mine: boolean;
}

/** The final standings, the same for everyone. */
export function Results({ lines, summary }: { lines: ResultLine[]; summary?: string | null }) {
  const sorted = [...lines].sort((a, b) => (a.rank ?? 99) - (b.rank ?? 99));
  return (
    <section className="card results" aria-labelledby="results-heading">
      <h2 id="results-heading">Results</h2>
      {summary && <p className="summary">{summary}</p>}
      <table>
        <thead>
          <tr>
            <th scope="col">Rank</th>
            <th scope="col">Player</th>
            <th scope="col">Score</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((l) => (
            <tr key={l.key} className={l.mine ? 'mine' : undefined}>
              <td>{l.rank ?? '–'}</td>
              <td>
                {l.name}
                {l.mine ? ' (you)' : ''}
              </td>
              <td>{l.score ?? '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Link to="/" className="button">
        Back to home
      </Link>
    </section>
  );
}
