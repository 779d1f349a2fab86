import { plainWords } from '../app/plain-words.js';

/** `1 h 5 min`, `4 min`, `—` when there is nothing to measure. */
export function duration(seconds: number | null): string {
  if (seconds === null) return '—';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** A share (0..1) as a whole percentage; `—` while it cannot be known yet. */
export function percent(share: number | null): string {
  return share === null ? '—' : `${Math.round(share * 100)}%`;
}

export function when(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' }) : '—';
}

/** Labelled figures in tiles, so nothing has to be read off a chart. */
export function Figures({ items, label }: { items: [string, string][]; label?: string }) {
  return (
    <dl className="figures" aria-label={label}>
      {items.map(([name, value]) => (
        <div key={name}>
          <dt>{name}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The first failure among a page's requests, in plain words. */
export function Problem({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p role="alert" className="error">
      {plainWords(error)}
    </p>
  );
}
