import type { PlanView, StudioView } from '@parlor/protocol';
import type { Plan } from './plans.js';
import type { StudioRecord } from './studios-store.js';

export const planView = (p: Plan): PlanView => ({ id: p.id, limit: p.limit, period: p.period });

export const studioView = (
  s: StudioRecord,
  plan: Plan,
  owners: { userId: string; username: string | null }[],
): StudioView => ({
  id: s.id,
  name: s.name,
  plan: planView(plan),
  owners,
  createdAt: s.createdAt.toISOString(),
  updatedAt: s.updatedAt.toISOString(),
});
