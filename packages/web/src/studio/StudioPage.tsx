import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { useSession } from '../app/session.js';
import { FormError } from '../components/FormError.js';
import { ApiKeys } from './ApiKeys.js';
import { LoginsChart } from './LoginsChart.js';
import { MinigamesList } from './MinigamesList.js';
import { Owners } from './Owners.js';
import { PlanChange } from './PlanChange.js';
import { PlayersList } from './PlayersList.js';
import { UsageMeter } from './UsageMeter.js';

/** How often the figures refresh while the page is open: reporters keep posting. */
const REFRESH_MS = 3_000;

/** One studio: plan and usage, players, logins, API keys, owners and mini-games. */
export function StudioPage() {
  const { studioId = '' } = useParams();
  const { client } = useSession();
  const studio = useQuery({ queryKey: ['studio', studioId], queryFn: () => client.studios.get(studioId) });
  const usage = useQuery({
    queryKey: ['studio', studioId, 'usage'],
    queryFn: () => client.studios.usage(studioId),
    refetchInterval: REFRESH_MS,
  });

  return (
    <section className="card studio" aria-labelledby="studio-heading">
      <p>
        <Link to="/studio">← All studios</Link>
      </p>
      <h1 id="studio-heading">{studio.data?.name ?? 'Studio'}</h1>
      <FormError error={studio.error ?? usage.error} />
      <div className="studio-grid">
        <section aria-labelledby="plan-heading" className="panel">
          <h2 id="plan-heading">
            Plan {usage.data && <span className="plan-id">{usage.data.plan.id}</span>}
          </h2>
          {usage.data && <UsageMeter usage={usage.data} />}
          {studio.data && <PlanChange studio={studio.data} />}
        </section>
        <section aria-labelledby="logins-heading" className="panel">
          <h2 id="logins-heading">Logins</h2>
          {usage.data && <LoginsChart logins={usage.data.logins} />}
        </section>
      </div>
      <PlayersList studioId={studioId} refreshMs={REFRESH_MS} />
      <ApiKeys studioId={studioId} />
      {studio.data && <Owners studio={studio.data} />}
      <MinigamesList studioId={studioId} refreshMs={REFRESH_MS} />
    </section>
  );
}
