import type { AccessReviewAnswer } from '@parlor/sdk';
import { useMutation, useQuery } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { DataTable } from '../components/DataTable.js';
import { useSession } from '../app/session.js';
import { Problem } from './figures.js';

/** Roles with their rules, who holds them, and "may this user do that?" (docs/rbac.md). */
export function AccessPage() {
  const { client } = useSession();
  const roles = useQuery({ queryKey: ['admin', 'roles'], queryFn: () => client.admin.roles() });
  const bindings = useQuery({ queryKey: ['admin', 'bindings'], queryFn: () => client.admin.bindings() });
  const check = useMutation<AccessReviewAnswer, Error, FormData>({
    mutationFn: (f) => {
      const subject = String(f.get('subject') ?? '').trim();
      const name = String(f.get('name') ?? '').trim();
      return client.admin.review({
        subject: subject ? { kind: 'user', id: subject } : undefined,
        verb: String(f.get('verb')),
        resource: String(f.get('resource')).trim(),
        name: name || undefined,
      });
    },
  });
  const ask = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    check.mutate(new FormData(e.currentTarget));
  };
  return (
    <div className="console-page">
      <h2>Roles and bindings</h2>
      <Problem error={roles.error ?? bindings.error} />
      <h3>Access check</h3>
      <form className="filters" onSubmit={ask} aria-label="Access check">
        <label>
          User id (empty: me) <input name="subject" maxLength={128} />
        </label>
        <label>
          Verb
          <select name="verb" defaultValue="get">
            {['get', 'list', 'create', 'update', 'delete', 'bind', 'connect'].map((v) => (
              <option key={v}>{v}</option>
            ))}
          </select>
        </label>
        <label>
          Resource <input name="resource" required maxLength={64} />
        </label>
        <label>
          Name (optional) <input name="name" maxLength={128} />
        </label>
        <button type="submit">Check</button>
      </form>
      <Problem error={check.error} />
      {check.data && (
        <p role="status" className={check.data.allowed ? 'ok' : 'error'}>
          {check.data.allowed ? 'Allowed' : 'Not allowed'}
          {check.data.reason ? `: ${check.data.reason}` : '.'}
        </p>
      )}
      <h3>Roles</h3>
      <DataTable columns={['Role', 'Rules']}>
        {roles.data?.map((r) => (
          <tr key={r.name}>
            <td>
              {r.name}
              {r.builtin && <span className="muted"> (built in)</span>}
            </td>
            <td className="wrap">
              {r.rules.map((rule, i) => (
                <div key={i}>
                  {rule.verbs.join(', ')} on {rule.resources.join(', ')}
                  {rule.resourceNames?.length ? ` (${rule.resourceNames.join(', ')})` : ''}
                </div>
              ))}
            </td>
          </tr>
        ))}
      </DataTable>
      <h3>Bindings</h3>
      <DataTable columns={['Binding', 'Role', 'Subject']}>
        {bindings.data?.map((b) => (
          <tr key={b.name}>
            <td>{b.name}</td>
            <td>{b.role}</td>
            <td className="wrap">
              {b.subject.kind} {b.subject.id}
            </td>
          </tr>
        ))}
      </DataTable>
    </div>
  );
}
