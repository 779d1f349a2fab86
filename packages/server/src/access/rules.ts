import { type Rule, RuleSchema, type Verb, VERBS } from '@parlor/protocol';

// The rule shape is part of the wire protocol (the RBAC admin API takes it); re-exported here
// for the server's own code.
export { type Rule, RuleSchema, type Verb, VERBS };

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
