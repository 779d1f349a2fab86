import { z } from 'zod';

/** Verbs after the Kubernetes api-server; `bind` allows granting a role without holding it. */
export const VERBS = ['get', 'list', 'create', 'update', 'delete', 'bind', 'connect'] as const;
export type Verb = (typeof VERBS)[number];

export const RuleSchema = z.strictObject({
  resources: z.array(z.string().min(1).max(64)).min(1).max(64),
  verbs: z
    .array(z.union([z.enum(VERBS), z.literal('*')]))
    .min(1)
    .max(16),
  resourceNames: z.array(z.string().min(1).max(128)).max(64).optional(),
});
export type Rule = z.infer<typeof RuleSchema>;

/** Does `rule` allow `verb` on `resource` (optionally the object called `name`)? */
export function ruleAllows(rule: Rule, verb: string, resource: string, name?: string): boolean {
  const verbOk = rule.verbs.includes('*') || rule.verbs.includes(verb as Verb);
  const resourceOk = rule.resources.includes('*') || rule.resources.includes(resource);
  if (!verbOk || !resourceOk) return false;
  if (!rule.resourceNames || rule.resourceNames.length === 0) return true;
  return name !== undefined && rule.resourceNames.includes(name);
}

/**
 * The escalation check: do `held` rules cover every permission `wanted` would grant? A
 * wildcard in `wanted` is covered only by a wildcard in `held`.
 */
export function rulesCover(held: readonly Rule[], wanted: readonly Rule[]): boolean {
  return wanted.every((rule) =>
    rule.verbs.every((verb) =>
      rule.resources.every((resource) => {
        const names = rule.resourceNames?.length ? rule.resourceNames : [undefined];
        return names.every((name) =>
          held.some((h) => {
            const verbOk = h.verbs.includes('*') || (verb !== '*' && h.verbs.includes(verb));
            const resOk = h.resources.includes('*') || (resource !== '*' && h.resources.includes(resource));
            const nameOk = !h.resourceNames?.length || (name !== undefined && h.resourceNames.includes(name));
            return verbOk && resOk && nameOk;
          }),
        );
      }),
    ),
  );
}
