import { senderDomainOf } from './sender-domain';

describe('senderDomainOf', () => {
  it('takes the domain of the address, with or without a display name', () => {
    expect(senderDomainOf('Chatty App <no-reply@chatty.local>')).toBe('chatty.local');
    expect(senderDomainOf('no-reply@Mail.Example.org')).toBe('mail.example.org');
    expect(senderDomainOf('"Team @ Chatty" <team@chatty.app>')).toBe('chatty.app');
  });

  it('falls back to chatty.local when the address has no plain domain', () => {
    expect(senderDomainOf('Chatty App')).toBe('chatty.local');
    expect(senderDomainOf('no-reply@[127.0.0.1]')).toBe('chatty.local');
    expect(senderDomainOf('no-reply@')).toBe('chatty.local');
  });
});
