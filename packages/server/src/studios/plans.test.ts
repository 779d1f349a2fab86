import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { PlanCatalogue, parsePlans, periodKey, periodStart } from './plans.js';

describe('PARLOR_PLANS', () => {
  it('parses limits, unlimited and monthly plans; the first is the default', () => {
    const catalogue = new PlanCatalogue('free:50, pro:1000/month,enterprise:unlimited');
    expect(catalogue.plans).toEqual([
      { id: 'free', limit: 50, period: 'all-time' },
      { id: 'pro', limit: 1000, period: 'month' },
      { id: 'enterprise', limit: null, period: 'all-time' },
    ]);
    expect(catalogue.default.id).toBe('free');
    expect(catalogue.effective('gone').id).toBe('free');
    expect(PlanCatalogue.raises(catalogue.plans[0]!, catalogue.plans[2]!)).toBe(true);
    expect(PlanCatalogue.raises(catalogue.plans[2]!, catalogue.plans[0]!)).toBe(false);
  });

  it('refuses what it cannot read, with the reason', () => {
    for (const bad of ['', 'free', 'free:', 'free:-1', 'Free:5', 'free:5,free:6', 'a:1/week', 'x:1e3'])
      expect(() => parsePlans(bad), bad).toThrow();
    expect(() => loadConfig({ PARLOR_PLANS: 'free:50,free:60' })).toThrow(/PARLOR_PLANS.*listed twice/s);
    expect(loadConfig({}).plans).toBe('free:50,pro:1000,enterprise:unlimited');
  });

  it('counts monthly plans per UTC calendar month', () => {
    const monthly = { id: 'm', limit: 1, period: 'month' as const };
    const now = new Date('2026-12-31T23:59:59Z');
    expect(periodKey(monthly, now)).toBe('2026-12');
    expect(periodStart(monthly, now).toISOString()).toBe('2026-12-01T00:00:00.000Z');
    expect(periodKey({ ...monthly, period: 'all-time' }, now)).toBe('all');
  });
});
