import type { Studio } from '@parlor/sdk';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useSession } from '../app/session.js';
import { FormError } from '../components/FormError.js';

const limitWords = (limit: number | null) => (limit === null ? 'unlimited' : `${limit} players`);

/** Upgrade or downgrade the plan, after a confirmation that says what the change does. */
export function PlanChange({ studio }: { studio: Studio }) {
  const { client } = useSession();
  const queries = useQueryClient();
  const plans = useQuery({ queryKey: ['plans'], queryFn: () => client.studios.plans(), staleTime: 60_000 });
  const [choice, setChoice] = useState('');
  const [asking, setAsking] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const others = plans.data?.plans.filter((p) => p.id !== studio.plan.id) ?? [];
  const picked = others.find((p) => p.id === choice) ?? others[0];
  const up =
    picked && (picked.limit === null || (studio.plan.limit !== null && picked.limit > studio.plan.limit));
  const change = useMutation({
    mutationFn: (plan: string) => client.studios.changePlan(studio.id, plan),
    onSuccess: (changed) => {
      setAsking(false);
      setNote(`Now on ${changed.plan.id}. ${changed.activated} inactive players became active.`);
      void queries.invalidateQueries({ queryKey: ['studio', studio.id] });
    },
  });
  if (!picked) return <FormError error={plans.error} />;

  return (
    <div className="plan-change">
      {note && (
        <p role="status" className="ok">
          {note}
        </p>
      )}
      <div className="field">
        <label htmlFor="studio-plan">Change the plan to</label>
        <select
          id="studio-plan"
          value={picked.id}
          onChange={(e) => {
            setChoice(e.target.value);
            setAsking(false);
          }}
        >
          {others.map((p) => (
            <option key={p.id} value={p.id}>
              {p.id} ({limitWords(p.limit)}
              {p.period === 'month' ? ' a month' : ''})
            </option>
          ))}
        </select>
      </div>
      {!asking ? (
        <button type="button" onClick={() => setAsking(true)}>
          {up ? 'Upgrade' : 'Downgrade'}…
        </button>
      ) : (
        <div className="confirm" role="group" aria-labelledby="plan-confirm">
          <p id="plan-confirm">
            Move {studio.name} from {studio.plan.id} to {picked.id} ({limitWords(picked.limit)})?{' '}
            {up
              ? 'Inactive players become active at once, oldest first, up to the new limit.'
              : 'Players already active stay active; new players wait for room.'}
          </p>
          <div className="actions">
            <button
              type="button"
              className="primary"
              onClick={() => change.mutate(picked.id)}
              disabled={change.isPending}
            >
              Yes, move to {picked.id}
            </button>
            <button type="button" onClick={() => setAsking(false)}>
              Cancel
            </button>
          </div>
        </div>
      )}
      <FormError error={change.error} />
    </div>
  );
}
