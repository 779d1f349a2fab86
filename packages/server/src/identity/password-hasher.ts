import { hash, verify } from '@node-rs/argon2';
import { AppError } from '../platform/app-error.js';

// Algorithm.Argon2id; the package's const enum cannot be imported under verbatimModuleSyntax.
const ARGON2ID = 2;

export interface HashParams {
  memoryKiB: number;
  timeCost: number;
}

/** How much argon2 work may run and wait at once, across every route that hashes. */
export interface HashLimits {
  /** Hashes running at once (more than the cores only thrash their caches). */
  maxConcurrent: number;
  /** Hashes waiting for a turn; one more is refused BUSY rather than queued. */
  maxQueued: number;
}

/**
 * argon2id with OWASP's minimum (m=19 MiB, t=2, p=1) or stronger. `verifyNothing` spends the
 * same time as a real check, so unknown users cannot be told apart from wrong passwords.
 *
 * Every hash and verify takes a turn from one bounded queue: 19 MiB and tens of milliseconds of
 * a core each, so no caller (a flood of logins, password changes, registrations) can pile up
 * unbounded work. A full queue answers `BUSY` (503) with a retry hint at once.
 */
export class PasswordHasher {
  private dummy: Promise<string> | undefined;
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly params: HashParams,
    private readonly limits: HashLimits = { maxConcurrent: Infinity, maxQueued: 0 },
  ) {}

  hash(password: string): Promise<string> {
    return this.inTurn(() =>
      hash(password, {
        algorithm: ARGON2ID,
        memoryCost: this.params.memoryKiB,
        timeCost: this.params.timeCost,
        parallelism: 1,
      }),
    );
  }

  async verify(passwordHash: string, password: string): Promise<boolean> {
    return this.inTurn(async () => {
      try {
        return await verify(passwordHash, password);
      } catch {
        return false;
      }
    });
  }

  async verifyNothing(password: string): Promise<false> {
    this.dummy ??= this.hash('parlor-timing-equaliser');
    // A failed first hash (BUSY) must not stay cached as the dummy.
    const dummy = await this.dummy.catch((err) => {
      this.dummy = undefined;
      throw err;
    });
    await this.verify(dummy, password);
    return false;
  }

  /** Hashes running and waiting now (for tests and metrics). */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  private async inTurn<T>(work: () => Promise<T>): Promise<T> {
    if (this.running < this.limits.maxConcurrent) this.running++;
    else if (this.waiting.length >= this.limits.maxQueued)
      throw new AppError('BUSY', 'Too many password checks at once; try again shortly', {
        retryAfterSeconds: 1,
      });
    // The finishing hash hands its slot straight to the next in line, so `running` stays put.
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
