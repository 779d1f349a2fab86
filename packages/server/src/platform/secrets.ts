import { hash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

/** A bearer secret: `prefix` + 32 CSPRNG bytes in base64url (256 bits of entropy). */
export function newToken(prefix: string): string {
  return prefix + randomBytes(32).toString('base64url');
}

export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

// The one-shot form: about a third of createHash's cost, and every request hashes its token.
export function sha256(value: string | Buffer): string {
  return hash('sha256', value, 'hex');
}

/** Constant-time comparison of two strings (length leaks, content does not). */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  if (left.length !== right.length) {
    // Compare anyway so the time does not depend on where the strings differ.
    timingSafeEqual(left, left);
    return false;
  }
  return timingSafeEqual(left, right);
}

export const newId = (): string => randomUUID();
