import { parseBody } from '../middleware/validation';
import { basicInfoBody, changePasswordBody, flagChanges, pageNumberOf, settingsBody, socialLinksBody, textChanges } from './profile.schemas';

const messageOf = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  return 'no error';
};

describe('the profile bodies', () => {
  it('keep only the fields a body names, reading null as an empty value', () => {
    expect(textChanges(parseBody(basicInfoBody, { work: 'Acme', quote: null, school: '' }))).toEqual({ work: 'Acme', quote: '', school: '' });
    expect(flagChanges(parseBody(settingsBody, { follows: false }))).toEqual({ follows: false });
    expect(textChanges(parseBody(basicInfoBody, {}))).toEqual({});
  });

  it('drops markup from basic info, which the client shows as HTML', () => {
    const body = {
      work: '<img src=x onerror=alert(1)>Acme &amp; Co',
      quote: 'a < b <b>bold</b>',
      school: '<script>steal()</script>',
      location: 'x<svg onload=alert(1)',
    };
    expect(parseBody(basicInfoBody, body)).toEqual({ work: 'Acme &amp; Co', quote: 'a &lt; b bold', school: 'steal()', location: 'x&lt;svg onload=alert(1)' });
  });

  it('accepts web links and plain handles as social links, and nothing that would run as a link', () => {
    const links = { facebook: 'https://facebook.com/me', instagram: 'instagram.com/me', twitter: '@me', youtube: '' };
    expect(parseBody(socialLinksBody, links)).toEqual(links);
    for (const link of [
      'javascript:alert(1)',
      ' JavaScript:alert(1)',
      'java\tscript:alert(1)',
      'data:text/html,<script>x</script>',
      'vbscript:x',
      'http://[',
    ]) {
      expect(messageOf(() => parseBody(socialLinksBody, { twitter: link }))).toBe('"twitter" must be a web link (http or https)');
    }
  });

  it.each([
    [basicInfoBody, { job: 'x' }, '"job" is not allowed'],
    [basicInfoBody, { work: 42 }, '"work" must be a string'],
    [settingsBody, { messages: 'yes' }, '"messages" must be a boolean'],
    [settingsBody, { messages: null }, '"messages" must be a boolean'],
    [changePasswordBody, { newPassword: 'abcdef', confirmPassword: 'abcdef' }, 'Password is a required field'],
    [changePasswordBody, { currentPassword: 'abc', newPassword: 'abcdef', confirmPassword: 'abcdef' }, 'Password must have a minimum length of 4'],
    [
      changePasswordBody,
      { currentPassword: 'abcd', newPassword: 'x'.repeat(65), confirmPassword: 'x'.repeat(65) },
      'Password should have a maximum length of 64',
    ],
    [changePasswordBody, { currentPassword: 42, newPassword: 'abcdef', confirmPassword: 'abcdef' }, 'Password should be a type of string'],
    [changePasswordBody, { currentPassword: 'abcd', newPassword: 'abcdef' }, 'Confirm password does not match new password.'],
    [changePasswordBody, { currentPassword: 'abcd', newPassword: 'abcdef', confirmPassword: 'abcdeg' }, 'Confirm password does not match new password.'],
  ] as const)('refuses %#: %j with the contract message', (schema, body, message) => {
    expect(messageOf(() => parseBody(schema, body))).toBe(message);
  });
});

describe('page numbers from the URL', () => {
  it('accepts positive whole numbers only', () => {
    expect(pageNumberOf('1')).toBe(1);
    expect(pageNumberOf('12')).toBe(12);
    for (const raw of ['0', '-1', '1.5', 'abc', '01', '9999999']) expect(pageNumberOf(raw)).toBeNull();
  });
});
