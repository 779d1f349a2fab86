import type { StudioUsage } from '@parlor/sdk';

/** The share of the plan's limit that is used; amber from 80 %, red at 100 %. */
export function usageLevel(active: number, limit: number): 'ok' | 'warn' | 'full' {
  const share = limit === 0 ? 1 : active / limit;
  return share >= 1 ? 'full' : share >= 0.8 ? 'warn' : 'ok';
}

/** Active players against the plan's limit, as a bar and as words (the bar is never the only sign). */
export function UsageMeter({ usage }: { usage: StudioUsage }) {
  const { plan, activePlayers, inactivePlayers } = usage;
  const period = plan.period === 'month' ? 'this month' : 'all time';
  const figures = (
    <p className="usage-figures">
      <strong>{activePlayers}</strong> active players
      {plan.limit === null ? ' (no limit)' : ` of ${plan.limit} (${period})`} ·{' '}
      <strong>{inactivePlayers}</strong> inactive
    </p>
  );
  if (plan.limit === null) return figures;
  const level = usageLevel(activePlayers, plan.limit);
  const percent = Math.min(100, plan.limit === 0 ? 100 : Math.round((activePlayers / plan.limit) * 100));
  return (
    <div className="usage">
      <div
        className={`usage-bar ${level}`}
        role="progressbar"
        aria-label="Active players against the plan's limit"
        aria-valuemin={0}
        aria-valuemax={plan.limit}
        aria-valuenow={Math.min(activePlayers, plan.limit)}
        aria-valuetext={`${activePlayers} of ${plan.limit} active players`}
      >
        <span className={`usage-fill w${Math.round(percent / 5) * 5}`} />
      </div>
      {figures}
      {level === 'full' && (
        <p className="usage-note full">
          The plan is full: new players are inactive and cannot join this studio's games until you upgrade.
        </p>
      )}
      {level === 'warn' && <p className="usage-note warn">The plan is nearly full.</p>}
    </div>
  );
}
