import { Argon2PasswordHasher } from './argon2-password-hasher';
import { BcryptPasswordHasher } from './bcrypt-password-hasher';

describe('Argon2PasswordHasher', () => {
  const costs = { memoryKib: 1_024, passes: 1 };
  const hasher = new Argon2PasswordHasher(costs);

  it('makes argon2id hashes with its costs, which verify the password and no other', async () => {
    const hash = await hasher.hash('qwerty1');
    expect(hash).toMatch(/^\$argon2id\$v=19\$/);
    expect(hash).toContain('m=1024');
    expect(hash).toContain('t=1');
    expect(hash).not.toContain('qwerty1');
    expect(await hasher.verify('qwerty1', hash)).toBe(true);
    expect(await hasher.verify('qwerty2', hash)).toBe(false);
    expect(hasher.needsRehash(hash)).toBe(false);
  });

  it('tells apart long passwords that differ only at their end', async () => {
    const common = 'пароль'.repeat(10);
    const hash = await hasher.hash(`${common}-1`);
    expect(await hasher.verify(`${common}-1`, hash)).toBe(true);
    expect(await hasher.verify(`${common}-2`, hash)).toBe(false);
  });

  it('verifies bcrypt hashes of the earlier format, and asks for them to be replaced', async () => {
    const earlier = await new BcryptPasswordHasher(4).hash('qwerty1');
    expect(earlier).toMatch(/^\$2[ab]\$04\$/);
    expect(await hasher.verify('qwerty1', earlier)).toBe(true);
    expect(await hasher.verify('qwerty2', earlier)).toBe(false);
    expect(hasher.needsRehash(earlier)).toBe(true);
  });

  it('asks to replace argon2id hashes of lower memory or fewer passes, not of higher', async () => {
    const stronger = new Argon2PasswordHasher({ memoryKib: 2_048, passes: 2 });
    const weak = await hasher.hash('qwerty1');
    const strong = await stronger.hash('qwerty1');
    expect(stronger.needsRehash(weak)).toBe(true);
    expect(new Argon2PasswordHasher({ memoryKib: 1_024, passes: 2 }).needsRehash(weak)).toBe(true);
    expect(hasher.needsRehash(strong)).toBe(false);
    expect(await hasher.verify('qwerty1', strong)).toBe(true);
  });

  it('refuses a hash it does not know, without throwing', async () => {
    expect(await hasher.verify('qwerty1', 'plain-text')).toBe(false);
    expect(await hasher.verify('qwerty1', '$argon2i$v=19$m=1024,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA')).toBe(false);
    expect(hasher.needsRehash('plain-text')).toBe(true);
  });

  it('hashes on the thread pool: the event loop keeps turning while a costly hash runs', async () => {
    const costly = new Argon2PasswordHasher({ memoryKib: 65_536, passes: 3 });
    let turns = 0;
    const timer = setInterval(() => (turns += 1), 1);
    await costly.hash('qwerty1');
    clearInterval(timer);
    expect(turns).toBeGreaterThan(1);
  });
});
