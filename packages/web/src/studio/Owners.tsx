import type { Studio } from '@parlor/sdk';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useSession } from '../app/session.js';
import { Field } from '../components/Field.js';
import { FormError } from '../components/FormError.js';

/** The studio's owners: add one by user id, remove any but the last. */
export function Owners({ studio }: { studio: Studio }) {
  const { client } = useSession();
  const queries = useQueryClient();
  const [userId, setUserId] = useState('');
  const saved = (s: Studio) => queries.setQueryData(['studio', studio.id], s);
  const add = useMutation({
    mutationFn: () => client.studios.addOwner(studio.id, userId.trim()),
    onSuccess: (s) => {
      setUserId('');
      saved(s);
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => client.studios.removeOwner(studio.id, id),
    onSuccess: saved,
  });
  const last = studio.owners.length < 2;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate();
  };

  return (
    <section aria-labelledby="owners-heading" className="panel">
      <h2 id="owners-heading">Owners</h2>
      <ul className="owner-list">
        {studio.owners.map((o) => (
          <li key={o.userId}>
            <span>{o.username ?? o.userId}</span>
            <button
              type="button"
              disabled={last}
              onClick={() => remove.mutate(o.userId)}
              aria-label={`Remove owner ${o.username ?? o.userId}`}
            >
              Remove
            </button>
          </li>
        ))}
      </ul>
      {last && <p className="muted">A studio always keeps at least one owner.</p>}
      <form onSubmit={submit} className="studio-form">
        <Field
          label="New owner's user id"
          hint="Their Parlor user id (a UUID)."
          value={userId}
          onChange={(e) => setUserId(e.target.value)}
          required
        />
        <button type="submit" disabled={add.isPending || !userId.trim()}>
          Add the owner
        </button>
      </form>
      <FormError error={add.error ?? remove.error} />
    </section>
  );
}
