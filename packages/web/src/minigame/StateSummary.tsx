/**
 * The public state's top-level plain values (numbers, short strings, booleans) as label/value
 * pairs. Anything nested is the mini-game's own business and is not shown; all of it as text.
 */
export function StateSummary({ state }: { state: unknown }) {
  if (!state || typeof state !== 'object' || Array.isArray(state)) return null;
  const pairs = Object.entries(state as Record<string, unknown>)
    .filter(
      ([, v]) => typeof v === 'number' || typeof v === 'boolean' || (typeof v === 'string' && v.length <= 80),
    )
    .slice(0, 12);
  if (pairs.length === 0) return null;
  return (
    <dl className="mg-summary" aria-label="Game state">
      {pairs.map(([key, value]) => (
        <div key={key}>
          <dt>{key.slice(0, 40)}</dt>
          <dd>{String(value)}</dd>
        </div>
      ))}
    </dl>
  );
}
