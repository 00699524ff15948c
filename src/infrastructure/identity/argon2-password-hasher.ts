import argon2 from 'argon2';
import type { PasswordHasher } from '@application/identity/ports';
import { BcryptPasswordHasher } from './bcrypt-password-hasher';

/** argon2id's memory (KiB) and passes over it; one lane. OWASP's floor is 19 MiB and two passes. */
export type Argon2Costs = Readonly<{ memoryKib: number; passes: number }>;

export const OWASP_ARGON2_COSTS: Argon2Costs = { memoryKib: 19_456, passes: 2 };

const ARGON2_VERSION = 0x13;

const isBcryptHash = (hash: string): boolean => /^\$2[aby]\$\d{2}\$/.test(hash);

/** The costs an argon2id hash was made with (`$argon2id$v=19$m=19456,t=2,p=1$salt$digest`); null for anything else. */
const argon2idCostsOf = (hash: string): Argon2Costs | null => {
  const match = /^\$argon2id\$v=(\d+)\$([^$]+)\$/.exec(hash);
  if (match?.[1] !== String(ARGON2_VERSION)) return null;
  const params = new Map(match[2]!.split(',').map((pair) => pair.split('=') as [string, string]));
  const memoryKib = Number(params.get('m'));
  const passes = Number(params.get('t'));
  return Number.isInteger(memoryKib) && Number.isInteger(passes) ? { memoryKib, passes } : null;
};

/**
 * argon2id, computed on libuv's thread pool, so hashing never holds the event loop. Hashes of the earlier format
 * (bcrypt of the password's SHA-256 digest) still verify, with bcryptjs on the event loop; `needsRehash` tells sign-in
 * to replace them, and argon2id hashes made with lower costs than the current ones.
 */
export class Argon2PasswordHasher implements PasswordHasher {
  private readonly earlierFormat = new BcryptPasswordHasher();

  constructor(private readonly costs: Argon2Costs = OWASP_ARGON2_COSTS) {}

  hash(plain: string): Promise<string> {
    return argon2.hash(plain, { type: argon2.argon2id, memoryCost: this.costs.memoryKib, timeCost: this.costs.passes, parallelism: 1 });
  }

  async verify(plain: string, hash: string): Promise<boolean> {
    if (isBcryptHash(hash)) return this.earlierFormat.verify(plain, hash);
    if (argon2idCostsOf(hash) === null) return false;
    return argon2.verify(hash, plain);
  }

  needsRehash(hash: string): boolean {
    const made = argon2idCostsOf(hash);
    return made === null || made.memoryKib < this.costs.memoryKib || made.passes < this.costs.passes;
  }
}
