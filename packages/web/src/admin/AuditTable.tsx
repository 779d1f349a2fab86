import { DataTable } from '../components/DataTable.js';
import type { AuditEntry } from '@parlor/sdk';
import { when } from './figures.js';

/** Audit entries, newest first. */
export function AuditTable({ entries }: { entries: readonly AuditEntry[] }) {
  if (entries.length === 0) return <p className="muted">No entries.</p>;
  return (
    <DataTable columns={['When', 'Who', 'Action', 'Target', 'Outcome']}>
      {entries.map((e) => (
        <tr key={e.id}>
          <td>{when(e.at)}</td>
          <td>{e.actor.name ?? e.actor.id ?? e.actor.kind}</td>
          <td>{e.action}</td>
          <td className="wrap">{e.target ?? '—'}</td>
          <td>{e.outcome}</td>
        </tr>
      ))}
    </DataTable>
  );
}
