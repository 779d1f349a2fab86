import { z } from 'zod';

/**
 * Characters PostgreSQL's text cannot hold: NUL, and UTF-16 surrogates without their other half
 * (they have no UTF-8 form, so they would be stored as something else than was sent).
 */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when `s` can be stored, and read back, exactly as given. */
export const isStorableText = (s: string): boolean => !UNSTORABLE.test(s);

/**
 * A string that comes in from outside (body, query, path, socket frame). Every inbound string
 * schema starts here, so no input can carry a character the database refuses (which would be a
 * 500) or silently changes.
 */
export const text = () =>
  z.string().refine(isStorableText, 'contains a character that cannot be stored (NUL or a lone surrogate)');

/** `s` with every character that cannot be stored replaced by U+FFFD, for logs and audit entries. */
export const storableCopy = (s: string): string => s.replace(new RegExp(UNSTORABLE, 'g'), '\uFFFD');
