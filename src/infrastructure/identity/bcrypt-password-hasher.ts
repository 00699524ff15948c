import { createHash } from 'node:crypto';
import bcrypt from 'bcryptjs';

/**
 * bcrypt reads only the first 72 bytes of its input, and 64 characters of a non-Latin script can be twice that: the
 * password is first reduced to its SHA-256 digest in base64 (44 bytes, no NUL), so every character counts.
 */
const digestOf = (plain: string): string => createHash('sha256').update(plain, 'utf8').digest('base64');

/** The format of password hashes before argon2id: Argon2PasswordHasher still verifies them, and sign-in replaces them. */
export class BcryptPasswordHasher {
  constructor(private readonly rounds = 10) {}

  hash(plain: string): Promise<string> {
    return bcrypt.hash(digestOf(plain), this.rounds);
  }

  verify(plain: string, hash: string): Promise<boolean> {
    return bcrypt.compare(digestOf(plain), hash);
  }
}
