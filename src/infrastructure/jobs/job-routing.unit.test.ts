import { bullJobIdOf, callerJobIdOf, queueNameOf } from './job-routing';

describe('job routing', () => {
  it('puts a job in the queue of its context', () => {
    expect(queueNameOf({ name: 'email.send' })).toBe('email');
    expect(queueNameOf({ name: 'media.transcode-video' })).toBe('media');
  });

  it('refuses a job name without a context', () => {
    expect(() => queueNameOf({ name: '.send' })).toThrow('must start with its context');
  });

  it('turns any caller id into a BullMQ id and back', () => {
    for (const jobId of ['42', 'user-followed:0f3a:1', 'a b/c%d', 'plain']) {
      const bullJobId = bullJobIdOf('email.send', jobId);
      expect(bullJobId).not.toContain(':');
      expect(String(parseInt(bullJobId, 10))).not.toBe(bullJobId);
      expect(callerJobIdOf('email.send', bullJobId)).toBe(jobId);
    }
  });

  it('keeps the same caller id apart for two kinds of jobs', () => {
    expect(bullJobIdOf('email.send', 'event-1')).not.toBe(bullJobIdOf('email.digest', 'event-1'));
  });
});
