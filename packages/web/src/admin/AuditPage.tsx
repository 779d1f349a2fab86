import type { AuditFilter } from '@parlor/sdk';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useSession } from '../app/session.js';
import { AuditTable } from './AuditTable.js';
import { Problem } from './figures.js';

const PAGE = 25;

/** The audit log with filters; pages go back in time (the cursor is the last entry's id). */
export function AuditPage() {
  const { client } = useSession();
  const [filter, setFilter] = useState<AuditFilter>({});
  const [cursors, setCursors] = useState<number[]>([]);
  const before = cursors.at(-1);
  const page = useQuery({
    queryKey: ['admin', 'audit', filter, before],
    queryFn: () => client.admin.audit({ ...filter, before, limit: PAGE }),
  });
  const apply = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const text = (k: string) => String(f.get(k) ?? '').trim() || undefined;
    const time = (k: string) => (text(k) ? new Date(`${text(k)}:00Z`).toISOString() : undefined);
    setFilter({
      actor: text('actor'),
      action: text('action'),
      target: text('target'),
      outcome: text('outcome') as AuditFilter['outcome'],
      since: time('since'),
      until: time('until'),
    });
    setCursors([]);
  };
  const next = page.data?.next;
  return (
    <div className="console-page">
      <h2>Audit log</h2>
      <form className="filters" onSubmit={apply}>
        <label>
          Actor (name or id) <input name="actor" maxLength={128} />
        </label>
        <label>
          Action <input name="action" maxLength={64} />
        </label>
        <label>
          Target <input name="target" maxLength={256} />
        </label>
        <label>
          Outcome
          <select name="outcome" defaultValue="">
            <option value="">any</option>
            <option value="success">success</option>
            <option value="failure">failure</option>
            <option value="denied">denied</option>
          </select>
        </label>
        <label>
          From (UTC) <input name="since" type="datetime-local" />
        </label>
        <label>
          Until (UTC) <input name="until" type="datetime-local" />
        </label>
        <button type="submit">Filter</button>
      </form>
      <Problem error={page.error} />
      <AuditTable entries={page.data?.entries ?? []} />
      <div className="actions pager">
        <button
          type="button"
          disabled={cursors.length === 0}
          onClick={() => setCursors(cursors.slice(0, -1))}
        >
          Newer
        </button>
        <button
          type="button"
          disabled={next == null}
          onClick={() => next != null && setCursors([...cursors, next])}
        >
          Older
        </button>
      </div>
    </div>
  );
}
