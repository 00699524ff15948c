import { BcryptPasswordHasher } from './bcrypt-password-hasher';

describe('BcryptPasswordHasher', () => {
  const hasher = new BcryptPasswordHasher(4);

  it('verifies the password it hashed, and no other', async () => {
    const hash = await hasher.hash('qwerty1');
    expect(hash).not.toContain('qwerty1');
    expect(await hasher.verify('qwerty1', hash)).toBe(true);
    expect(await hasher.verify('qwerty2', hash)).toBe(false);
  });

  it('tells apart long passwords that differ only after their first 72 bytes', async () => {
    const common = 'пароль'.repeat(7); // 42 characters, 84 bytes in UTF-8
    const hash = await hasher.hash(`${common}-first`);
    expect(await hasher.verify(`${common}-first`, hash)).toBe(true);
    expect(await hasher.verify(`${common}-other`, hash)).toBe(false);
  });
});
