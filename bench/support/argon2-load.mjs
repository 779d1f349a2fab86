// The server's own password hasher, with the settings the benches' servers run on (the
// defaults), for raw argon2id figures that are exactly a login's hash and nothing else.
const dist = (file) => new URL(`../../packages/server/dist/${file}`, import.meta.url).href;
const { PasswordHasher } = await import(dist('identity/password-hasher.js'));
const { loadConfig } = await import(dist('config.js'));

const { argon2MemoryKib, argon2TimeCost } = loadConfig({});
export const hasher = new PasswordHasher({ memoryKiB: argon2MemoryKib, timeCost: argon2TimeCost });
export const ARGON2_SETTINGS = `m=${argon2MemoryKib} KiB, t=${argon2TimeCost}, p=1`;

/**
 * Verifies `password` against `stored` with `inFlight` verifies outstanding (they run on libuv's
 * pool, as the server's do) for as long as `keepGoing()` says; resolves to how many succeeded.
 */
export async function verifyWhile(stored, password, inFlight, keepGoing) {
  let verifies = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (keepGoing()) if (await hasher.verify(stored, password)) verifies++;
    }),
  );
  return verifies;
}
