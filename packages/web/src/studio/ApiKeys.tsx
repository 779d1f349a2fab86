import type { StudioKeyWithSecret } from '@parlor/sdk';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useSession } from '../app/session.js';
import { Field } from '../components/Field.js';
import { FormError } from '../components/FormError.js';
import { DataTable } from '../components/DataTable.js';

const ROLES = ['metrics-reporter', 'minigame'] as const;

/** The studio's API keys: create (the secret shown once, with a copy button), rotate, revoke. */
export function ApiKeys({ studioId }: { studioId: string }) {
  const { client } = useSession();
  const queries = useQueryClient();
  const [name, setName] = useState('');
  const [role, setRole] = useState<(typeof ROLES)[number]>('metrics-reporter');
  const [secret, setSecret] = useState<StudioKeyWithSecret | null>(null);
  const [copied, setCopied] = useState(false);
  const queryKey = ['studio', studioId, 'keys'];
  const keys = useQuery({ queryKey, queryFn: () => client.studios.keys(studioId) });
  const shown = (key: StudioKeyWithSecret) => {
    setSecret(key);
    setCopied(false);
    void queries.invalidateQueries({ queryKey });
  };
  const create = useMutation({
    mutationFn: () => client.studios.createKey(studioId, { name: name.trim(), role }),
    onSuccess: (key) => {
      setName('');
      shown(key);
    },
  });
  const rotate = useMutation({
    mutationFn: (id: string) => client.studios.rotateKey(studioId, id),
    onSuccess: shown,
  });
  const revoke = useMutation({
    mutationFn: (id: string) => client.studios.revokeKey(studioId, id),
    onSuccess: () => queries.invalidateQueries({ queryKey }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  const copy = async () => {
    if (!secret) return;
    await navigator.clipboard.writeText(secret.key);
    setCopied(true);
  };

  return (
    <section aria-labelledby="keys-heading" className="panel">
      <h2 id="keys-heading">API keys</h2>
      {secret && (
        <div className="secret" role="status">
          <p>
            The secret of <strong>{secret.name}</strong>. It is shown only now: copy it somewhere safe.
          </p>
          <div className="secret-row">
            <Field label="New key secret" value={secret.key} readOnly onFocus={(e) => e.target.select()} />
            <button type="button" onClick={() => void copy()}>
              {copied ? 'Copied' : 'Copy'}
            </button>
            <button type="button" className="link" onClick={() => setSecret(null)}>
              Done
            </button>
          </div>
        </div>
      )}
      <form onSubmit={submit} className="studio-form">
        <Field
          label="Key name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          maxLength={64}
          required
        />
        <div className="field">
          <label htmlFor="studio-key-role">Role</label>
          <select id="studio-key-role" value={role} onChange={(e) => setRole(e.target.value as typeof role)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" disabled={create.isPending || !name.trim()}>
          Create a key
        </button>
      </form>
      <FormError error={keys.error ?? create.error ?? rotate.error ?? revoke.error} />
      <DataTable columns={['Name', 'Role', 'Last used', '']}>
        {keys.data?.map((k) => (
          <tr key={k.id}>
            <td>{k.name}</td>
            <td>{k.role}</td>
            <td>{k.lastUsedAt ? new Date(k.lastUsedAt).toLocaleString() : 'never'}</td>
            <td>
              <div className="actions">
                <button type="button" onClick={() => rotate.mutate(k.id)} aria-label={`Rotate ${k.name}`}>
                  Rotate
                </button>
                <button type="button" onClick={() => revoke.mutate(k.id)} aria-label={`Revoke ${k.name}`}>
                  Revoke
                </button>
              </div>
            </td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}
