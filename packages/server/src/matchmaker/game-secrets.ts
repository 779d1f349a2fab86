import { randomBytes } from 'node:crypto';
import { hmac, open, seal, type ServerKey } from '../platform/server-key.js';
import { randomSecret, sha256 } from '../platform/secrets.js';

/** Crockford's base32: no I, L, O or U, so a passcode read aloud or typed is not misread. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 10 characters of 5 bits: 50 bits, about 1.1e15 passcodes (see docs/matchmaker.md). */
export const PASSCODE_LENGTH = 10;

/** The per-game secrets, as made for a new game: what the game server gets and what is stored. */
export interface NewGameSecrets {
  connectKey: Buffer;
  reportingToken: string;
  stored: { reportingTokenHash: string; connectKeySealed: string; passcodeHash: string };
}

/**
 * Minting and keeping per-game secrets. The connect key is stored sealed under a key derived
 * from the server key (bound to its game id, so a sealed key copied to another row does not
 * open); the reporting token only as its SHA-256. The passcode is not stored at all: it is a
 * PRF (HMAC under a derived key) of the game id, a CSPRNG UUID, so the host can be shown it
 * again and a retried create returns the same one, and only its keyed hash is kept for lookup.
 */
export class GameSecrets {
  private readonly connectKeys: Buffer;
  private readonly passcodes: Buffer;
  private readonly lookups: Buffer;

  constructor(serverKey: ServerKey) {
    this.connectKeys = serverKey.derive('game-connect-keys');
    this.passcodes = serverKey.derive('game-passcodes');
    this.lookups = serverKey.derive('game-passcode-lookup');
  }

  create(gameId: string): NewGameSecrets {
    const connectKey = randomBytes(32);
    const reportingToken = randomSecret(32);
    return {
      connectKey,
      reportingToken,
      stored: {
        reportingTokenHash: sha256(reportingToken),
        connectKeySealed: seal(this.connectKeys, connectKey, gameId),
        passcodeHash: this.lookupHash(this.rawPasscode(gameId)),
      },
    };
  }

  openConnectKey(gameId: string, sealed: string): Buffer {
    return open(this.connectKeys, sealed, gameId);
  }

  /** The passcode as shown to people: `ABCDE-FGHJK`. */
  passcodeFor(gameId: string): string {
    const raw = this.rawPasscode(gameId);
    return `${raw.slice(0, 5)}-${raw.slice(5)}`;
  }

  /** The lookup hash of what someone typed, or undefined when it cannot be a passcode. */
  lookupFor(typed: string): string | undefined {
    const normal = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
    if (normal.length !== PASSCODE_LENGTH || [...normal].some((c) => !ALPHABET.includes(c))) return undefined;
    return this.lookupHash(normal);
  }

  private rawPasscode(gameId: string): string {
    const bytes = hmac(this.passcodes, gameId);
    let bits = 0n;
    for (const byte of bytes.subarray(0, 7)) bits = (bits << 8n) | BigInt(byte);
    let out = '';
    for (let i = 0; i < PASSCODE_LENGTH; i++) out += ALPHABET[Number((bits >> BigInt(5 * i)) & 31n)];
    return out;
  }

  private lookupHash(passcode: string): string {
    return hmac(this.lookups, passcode).toString('hex');
  }
}
