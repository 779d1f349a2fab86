import { AppError } from '../platform/app-error.js';
import type { Clock } from '../platform/clock.js';
import type { Authorizer } from './authorizer.js';
import { AUTHENTICATED_GROUP, type Subject, subjectOf } from './principal.js';
import type { Caller } from './access-service.js';
import { ruleAllows } from './rules.js';
import type { AccessApiKeys, AccessUsers } from './subject-records.js';

export interface ReviewQuestion {
  subject?: { kind: 'user' | 'apiKey'; id: string };
  verb: string;
  resource: string;
  name?: string;
}

/**
 * Asking about another subject is the Kubernetes SubjectAccessReview: it tells who may do
 * what, so it needs `create` on this resource. Asking about oneself (SelfSubjectAccessReview)
 * needs only `create` on `access-reviews`, which every player holds.
 */
export const SUBJECT_ACCESS_REVIEWS = 'subject-access-reviews';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `kubectl auth can-i`: may this subject do this verb on this resource? RBAC only: the
 * object-level checks services make on top (only my sessions, my keys) are not reflected.
 */
export class AccessReviewer {
  constructor(
    private readonly deps: {
      authorizer: Authorizer;
      accounts: AccessUsers;
      apiKeys: AccessApiKeys;
      clock: Clock;
    },
  ) {}

  async review(caller: Caller, q: ReviewQuestion): Promise<{ allowed: boolean; reason?: string }> {
    const { authorizer } = this.deps;
    const self = !q.subject || (q.subject.kind === 'user' && q.subject.id === caller.user.userId);
    if (!self && !(await authorizer.can(subjectOf(caller.user), 'create', SUBJECT_ACCESS_REVIEWS)))
      throw new AppError('FORBIDDEN', `Asking about others needs create on ${SUBJECT_ACCESS_REVIEWS}`);
    const subject = self ? subjectOf(caller.user) : await this.subject(q.subject!);
    if ('refused' in subject) return { allowed: false, reason: subject.refused };
    for (const roleName of await authorizer.rolesOf(subject)) {
      const role = await authorizer.role(roleName);
      if (role?.rules.some((rule) => ruleAllows(rule, q.verb, q.resource, q.name)))
        return { allowed: true, reason: `allowed by role ${roleName}` };
    }
    return { allowed: false, reason: 'no role bound to the subject allows it' };
  }

  private async subject(ref: {
    kind: 'user' | 'apiKey';
    id: string;
  }): Promise<Subject | { refused: string }> {
    if (ref.kind === 'user') {
      const user = UUID.test(ref.id) ? await this.deps.accounts.byId(ref.id) : undefined;
      if (!user) throw new AppError('NOT_FOUND', 'No such user');
      if (user.disabledAt) return { refused: 'the account is disabled' };
      return { kind: 'user', id: user.id, groups: [AUTHENTICATED_GROUP] };
    }
    const key = await this.deps.apiKeys.byId(ref.id);
    if (!key) throw new AppError('NOT_FOUND', 'No such API key');
    if (key.revokedAt) return { refused: 'the API key is revoked' };
    if (key.expiresAt && key.expiresAt <= this.deps.clock.now())
      return { refused: 'the API key has expired' };
    const owner = await this.deps.accounts.byId(key.ownerId);
    if (!owner || owner.disabledAt) return { refused: "the API key's owner is disabled" };
    return { kind: 'apiKey', id: key.id, role: key.role, ownerId: key.ownerId };
  }
}
