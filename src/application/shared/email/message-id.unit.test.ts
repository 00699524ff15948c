import { messageIdOf } from './message-id';

describe('messageIdOf', () => {
  it('gives every run of a job the same Message-ID, in the domain given', () => {
    expect(messageIdOf('user-followed:42', 'chatty.local')).toBe(messageIdOf('user-followed:42', 'chatty.local'));
    expect(messageIdOf('user-followed:42', 'chatty.local')).toMatch(/^<[0-9a-f]{32}@chatty\.local>$/);
  });

  it('gives distinct jobs distinct Message-IDs, without showing the job id', () => {
    const ids = new Set(Array.from({ length: 1_000 }, (_, i) => messageIdOf(`user-followed:${i}`, 'chatty.local')));
    expect(ids.size).toBe(1_000);
    expect(messageIdOf('user-followed:42', 'chatty.local')).not.toContain('42@');
  });
});
