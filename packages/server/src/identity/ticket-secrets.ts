import { open, seal } from '../platform/server-key.js';

/**
 * Seals each user's ticket secret (seed 003) at rest under a key derived from the server key,
 * bound to the user's id: a copy of the database alone cannot forge anyone's join tickets.
 */
export class TicketSecrets {
  constructor(private readonly key: Buffer) {}

  seal(userId: string, secret: string): string {
    return seal(this.key, Buffer.from(secret, 'utf8'), `ticket-secret:${userId}`);
  }

  open(userId: string, stored: string): string {
    return open(this.key, stored, `ticket-secret:${userId}`).toString('utf8');
  }
}
