import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** Chat keys: 32-byte AES keys by id; `active` seals new messages, every key still opens old ones. */
export interface ChatKeyring {
  active: string;
  keys: ReadonlyMap<string, Buffer>;
}

export interface SealedBody {
  keyId: string;
  nonce: Buffer;
  /** Ciphertext followed by the 16-byte GCM tag. */
  sealed: Buffer;
}

const TAG_BYTES = 16;
const NONCE_BYTES = 12;

export class UnknownChatKeyError extends Error {
  constructor(keyId: string) {
    super(`chat key "${keyId}" is not configured; every node needs the same chat keys (PARLOR_CHAT_KEYS)`);
  }
}

/**
 * Seals message bodies with AES-256-GCM. The nonce is 96 random bits per message: with one key
 * the chance of a repeat stays below 2^-32 for the first 2^32 messages, which is why keys are
 * meant to rotate long before that. Channel and seq are associated data, so a sealed body moved
 * to another row (or another channel) fails to open instead of showing up there.
 */
export class MessageSealer {
  constructor(private readonly keyring: ChatKeyring) {
    if (!keyring.keys.has(keyring.active)) throw new Error(`active chat key "${keyring.active}" is missing`);
    for (const [id, key] of keyring.keys) {
      if (key.length !== 32) throw new Error(`chat key "${id}" must be 32 bytes, got ${key.length}`);
    }
  }

  seal(body: string, channelKey: string, seq: number): SealedBody {
    const keyId = this.keyring.active;
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key(keyId), nonce);
    cipher.setAAD(aad(channelKey, seq));
    const sealed = Buffer.concat([cipher.update(body, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return { keyId, nonce, sealed };
  }

  /** Throws when the key is unknown or the body, nonce, channel or seq were tampered with. */
  open(box: SealedBody, channelKey: string, seq: number): string {
    const decipher = createDecipheriv('aes-256-gcm', this.key(box.keyId), box.nonce);
    decipher.setAAD(aad(channelKey, seq));
    decipher.setAuthTag(box.sealed.subarray(box.sealed.length - TAG_BYTES));
    const plain = Buffer.concat([
      decipher.update(box.sealed.subarray(0, box.sealed.length - TAG_BYTES)),
      decipher.final(),
    ]);
    return plain.toString('utf8');
  }

  private key(id: string): Buffer {
    const key = this.keyring.keys.get(id);
    if (!key) throw new UnknownChatKeyError(id);
    return key;
  }
}

function aad(channelKey: string, seq: number): Buffer {
  return Buffer.from(`parlor-chat-v1\n${channelKey}\n${seq}`, 'utf8');
}
