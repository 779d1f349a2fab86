import { hash, verify } from '@node-rs/argon2';

// Algorithm.Argon2id; the package's const enum cannot be imported under verbatimModuleSyntax.
const ARGON2ID = 2;

export interface HashParams {
  memoryKiB: number;
  timeCost: number;
}

/**
 * argon2id with OWASP's minimum (m=19 MiB, t=2, p=1) or stronger. `verifyNothing` spends the
 * same time as a real check, so unknown users cannot be told apart from wrong passwords.
 */
export class PasswordHasher {
  private dummy: Promise<string> | undefined;

  constructor(private readonly params: HashParams) {}

  hash(password: string): Promise<string> {
    return hash(password, {
      algorithm: ARGON2ID,
      memoryCost: this.params.memoryKiB,
      timeCost: this.params.timeCost,
      parallelism: 1,
    });
  }

  async verify(passwordHash: string, password: string): Promise<boolean> {
    try {
      return await verify(passwordHash, password);
    } catch {
      return false;
    }
  }

  async verifyNothing(password: string): Promise<false> {
    this.dummy ??= this.hash('parlor-timing-equaliser');
    await this.verify(await this.dummy, password);
    return false;
  }
}
