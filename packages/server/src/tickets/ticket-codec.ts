import { createHmac, randomBytes } from 'node:crypto';
import { CommunityServerId } from '@parlor/protocol';
import { z } from 'zod';
import { TICKET_PREFIX } from '../http/access-hook.js';
import { safeEqual } from '../platform/secrets.js';

/** What a ticket says: user, server, expiry (ms since epoch), nonce. */
export interface TicketClaims {
  userId: string;
  server: string;
  expiresAt: number;
  nonce: string;
}

const Payload = z.strictObject({
  v: z.literal(1),
  u: z.uuid(),
  s: CommunityServerId,
  e: z.number().int().positive(),
  n: z.string().regex(/^[A-Za-z0-9_-]{22}$/),
});

// Every field has a charset without `|` (uuid, [A-Za-z0-9_-], digits), so the MAC input is
// unambiguous; the leading label keeps these MACs from meaning anything anywhere else.
const macInput = (c: TicketClaims) => `parlor-ticket-v1|${c.userId}|${c.server}|${c.expiresAt}|${c.nonce}`;

function mac(userSecret: string, claims: TicketClaims): string {
  return createHmac('sha256', Buffer.from(userSecret, 'base64url'))
    .update(macInput(claims))
    .digest('base64url');
}

export const newNonce = (): string => randomBytes(16).toString('base64url');

/**
 * A join ticket (seed 003 done right): `plt_` + base64url(payload) + `.` + HMAC-SHA256 keyed
 * with the user's own secret. The prefix lets every other endpoint tell a ticket that was
 * sent as a bearer credential from garbage, and refuse it by name.
 */
export function sealTicket(userSecret: string, claims: TicketClaims): string {
  const payload = { v: 1, u: claims.userId, s: claims.server, e: claims.expiresAt, n: claims.nonce };
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${TICKET_PREFIX}${body}.${mac(userSecret, claims)}`;
}

/** Reads the claims of a ticket without trusting them; undefined if it is not shaped like one. */
export function readTicket(ticket: string): { claims: TicketClaims; mac: string } | undefined {
  const match = /^plt_([A-Za-z0-9_-]{1,600})\.([A-Za-z0-9_-]{43})$/.exec(ticket);
  if (!match) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(match[1]!, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const parsed = Payload.safeParse(json);
  if (!parsed.success) return undefined;
  const p = parsed.data;
  return { claims: { userId: p.u, server: p.s, expiresAt: p.e, nonce: p.n }, mac: match[2]! };
}

/** Constant-time check of a ticket's MAC against the user's secret. */
export function macMatches(userSecret: string, claims: TicketClaims, presented: string): boolean {
  return safeEqual(mac(userSecret, claims), presented);
}
