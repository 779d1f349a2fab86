/** Every session token starts with this; identity mints them, the access hook tells them apart. */
export const SESSION_PREFIX = 'pls_';
