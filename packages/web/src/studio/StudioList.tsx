import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { useSession } from '../app/session.js';
import { Field } from '../components/Field.js';
import { FormError } from '../components/FormError.js';

/** The studios I own, and a form to create one. */
export function StudioList() {
  const { client } = useSession();
  const queries = useQueryClient();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const studios = useQuery({ queryKey: ['studios'], queryFn: () => client.studios.list() });
  const create = useMutation({
    mutationFn: (n: string) => client.studios.create(n),
    onSuccess: async (studio) => {
      await queries.invalidateQueries({ queryKey: ['studios'] });
      void navigate(`/studio/${studio.id}`);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(name.trim());
  };

  return (
    <section className="card studio" aria-labelledby="studios-heading">
      <h1 id="studios-heading">Studios</h1>
      <p>A studio publishes mini-games under a plan that caps its active players.</p>
      <FormError error={studios.error} />
      {studios.data && studios.data.length === 0 && <p className="muted">You have no studio yet.</p>}
      <ul className="studio-list">
        {studios.data?.map((s) => (
          <li key={s.id}>
            <Link to={`/studio/${s.id}`}>{s.name}</Link> <span className="muted">plan {s.plan.id}</span>
          </li>
        ))}
      </ul>
      <h2>Create a studio</h2>
      <form onSubmit={submit} className="studio-form">
        <Field
          label="Studio name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          maxLength={80}
          required
        />
        <button type="submit" disabled={create.isPending || !name.trim()}>
          Create the studio
        </button>
      </form>
      <FormError error={create.error} />
    </section>
  );
}
