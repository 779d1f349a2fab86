import type { Principal } from '../access/principal.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { AccountsStore } from '../identity/accounts-store.js';
import { type Limiter, spendAttempt } from '../rate-limit/limiter.js';
import { AppError } from '../platform/app-error.js';
import type { Clock } from '../platform/clock.js';
import { randomSecret } from '../platform/secrets.js';
import type { NoncesStore } from './nonces-store.js';
import { macMatches, newNonce, readTicket, sealTicket } from './ticket-codec.js';

export interface TicketDeps {
  accounts: AccountsStore;
  nonces: NoncesStore;
  limiter: Limiter;
  audit: AuditLog;
  clock: Clock;
  lifetimeMs: number;
  perUserPerMinute: number;
}

type KeyPrincipal = Extract<Principal, { kind: 'apiKey' }>;
type Failure = 'TICKET_INVALID' | 'TICKET_EXPIRED' | 'TICKET_REPLAYED' | 'TICKET_WRONG_SERVER';

// Nonces are kept this long past their ticket's expiry, so a node whose clock runs behind
// cannot accept a ticket whose nonce another node has already forgotten.
const NONCE_SKEW_MARGIN_MS = 5 * 60_000;
// MAC'd against when the ticket names no user, so that case costs what a wrong MAC does.
const DUMMY_SECRET = randomSecret(32);

/**
 * Join tickets for community servers (seed 003): a player asks for a ticket for one server;
 * that server, holding a community-server API key, learns from `verify` which user it is.
 * A ticket is good for 30 seconds, once, at the server it names.
 */
export class TicketService {
  constructor(private readonly deps: TicketDeps) {}

  async issue(user: { userId: string; ip: string }, server: string) {
    const { accounts, limiter, clock, lifetimeMs, perUserPerMinute } = this.deps;
    await spendAttempt(
      limiter,
      `tickets:user:${user.userId}`,
      { limit: perUserPerMinute, windowMs: 60_000 },
      'Too many join tickets',
    );
    const account = await accounts.withTicketSecret(user.userId);
    if (!account) throw new AppError('UNAUTHENTICATED');
    const expiresAt = clock.nowMs() + lifetimeMs;
    const ticket = sealTicket(account.ticketSecret, {
      userId: account.id,
      server,
      expiresAt,
      nonce: newNonce(),
    });
    return { ticket, expiresAt: new Date(expiresAt).toISOString() };
  }

  /**
   * Checks, in this order: shape, MAC (so nothing more is said about a forged ticket),
   * account, expiry, server, and last single use (so a ticket shown to the wrong server is
   * not burnt). The server a ticket must name is the verifying key's own id.
   */
  async verify(caller: KeyPrincipal, ticket: string, ip: string, claimedServer?: string) {
    const { accounts, nonces, clock } = this.deps;
    const fail = async (code: Failure, message: string, userId?: string): Promise<never> => {
      await this.record(caller, ip, 'failure', userId ?? null, { reason: code });
      throw new AppError(code, message);
    };
    if (claimedServer !== undefined && claimedServer !== caller.keyId)
      await fail('TICKET_WRONG_SERVER', 'A server may only verify tickets made for itself (its API key id)');
    const read = readTicket(ticket);
    if (!read) return fail('TICKET_INVALID', 'The ticket is malformed');
    const { claims } = read;
    const account = await accounts.withTicketSecret(claims.userId);
    if (!macMatches(account?.ticketSecret ?? DUMMY_SECRET, claims, read.mac) || !account)
      return fail('TICKET_INVALID', 'The ticket was not issued by this Parlor or has been altered');
    if (account.disabledAt) return fail('TICKET_INVALID', "The ticket's account is disabled", account.id);
    if (clock.nowMs() >= claims.expiresAt)
      return fail('TICKET_EXPIRED', 'The ticket has expired; ask the player for a new one', account.id);
    if (claims.server !== caller.keyId)
      return fail('TICKET_WRONG_SERVER', 'The ticket was made for another server', account.id);
    const expiresAt = new Date(claims.expiresAt + NONCE_SKEW_MARGIN_MS);
    if (!(await nonces.consume(claims.nonce, expiresAt)))
      return fail('TICKET_REPLAYED', 'The ticket has already been used', account.id);
    await this.record(caller, ip, 'success', account.id);
    return { userId: account.id, username: account.username };
  }

  /** Drops used nonces whose tickets can no longer be accepted anywhere. */
  purgeNonces(): Promise<number> {
    return this.deps.nonces.purgeExpiredBefore(this.deps.clock.now());
  }

  private record(
    caller: KeyPrincipal,
    ip: string,
    outcome: 'success' | 'failure',
    userId: string | null,
    detail?: Record<string, unknown>,
  ) {
    return this.deps.audit.record({
      actorKind: 'apiKey',
      actorId: caller.keyId,
      action: 'ticket.verify',
      target: userId,
      ip,
      outcome,
      detail,
    });
  }
}
