import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The server's master key, from which every at-rest key is derived (HKDF-SHA256, one label
 * per purpose, so one purpose's key never opens another's data). It comes from the config
 * (PARLOR_SECRETS_KEY), which every node of a cluster must share, or from a key file that
 * the first start writes into the data directory with mode 0600.
 */
export class ServerKey {
  private constructor(private readonly master: Buffer) {}

  static fromBase64url(value: string): ServerKey {
    const key = Buffer.from(value, 'base64url');
    if (key.length !== 32) throw new Error('the server key is 32 bytes, base64url');
    return new ServerKey(key);
  }

  /** The configured key, else `<dataDir>/server.key`, created on first use. */
  static load(options: { configured?: string; dataDir: string }): ServerKey {
    if (options.configured) return ServerKey.fromBase64url(options.configured);
    const file = path.resolve(options.dataDir, 'server.key');
    try {
      return ServerKey.fromBase64url(readFileSync(file, 'utf8').trim());
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    mkdirSync(path.dirname(file), { recursive: true });
    const created = randomBytes(32).toString('base64url');
    // 'wx' fails if another process created it meanwhile; then its key is the one to use.
    try {
      writeFileSync(file, `${created}\n`, { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    return ServerKey.fromBase64url(readFileSync(file, 'utf8').trim());
  }

  derive(purpose: string): Buffer {
    return Buffer.from(hkdfSync('sha256', this.master, Buffer.alloc(0), `parlor:${purpose}`, 32));
  }
}

/** AES-256-GCM with associated data: `v1.<iv>.<ciphertext+tag>`, base64url parts. */
export function seal(key: Buffer, plaintext: Buffer, associatedData: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return `v1.${iv.toString('base64url')}.${body.toString('base64url')}`;
}

/** Opens what `seal` made with the same key and associated data; throws on any mismatch. */
export function open(key: Buffer, sealed: string, associatedData: string): Buffer {
  const [version, iv, body] = sealed.split('.');
  if (version !== 'v1' || !iv || !body) throw new Error('not a sealed value');
  const bytes = Buffer.from(body, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), { authTagLength: 16 });
  decipher.setAAD(Buffer.from(associatedData, 'utf8'));
  decipher.setAuthTag(bytes.subarray(bytes.length - 16));
  return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - 16)), decipher.final()]);
}

export function hmac(key: Buffer, value: string): Buffer {
  return createHmac('sha256', key).update(value, 'utf8').digest();
}
