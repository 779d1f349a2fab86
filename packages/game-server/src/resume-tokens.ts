import { createHash, randomBytes } from 'node:crypto';

/** Resume tokens are 32 random bytes; the server keeps only their SHA-256. */
export function issueResumeToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashResumeToken(token) };
}

export function hashResumeToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('base64url');
}
