import fc from 'fast-check';

/**
 * One character as a hostile client would send it: mostly printable, sometimes NUL, a lone
 * surrogate half or a control character (what PostgreSQL's text cannot store, or stores changed).
 */
export const hostileChar = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.constantFrom('\u0000', '\ud800', '\udfff', '\u001b', '\u{1F600}') },
);

/** Strings of hostile characters; use wherever a fuzz test sends text. */
export const hostileString = (constraints: { minLength?: number; maxLength?: number } = {}) =>
  fc.string({ unit: hostileChar, ...constraints });

/** JSON values whose strings (keys and values) are hostile. */
export const hostileJson = (constraints: { maxDepth?: number } = {}) =>
  fc.jsonValue({ ...constraints, stringUnit: hostileChar });
