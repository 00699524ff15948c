import { parseBody } from '../middleware/validation';
import { basicInfoBody, changePasswordBody, flagChanges, pageNumberOf, settingsBody, textChanges } from './profile.schemas';

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

  it.each([
    [basicInfoBody, { job: 'x' }, '"job" is not allowed'],
    [basicInfoBody, { work: 42 }, '"work" must be a string'],
    [settingsBody, { messages: 'yes' }, '"messages" must be a boolean'],
    [settingsBody, { messages: null }, '"messages" must be a boolean'],
    [changePasswordBody, { newPassword: 'abcdef', confirmPassword: 'abcdef' }, 'Password is a required field'],
    [changePasswordBody, { currentPassword: 'abc', newPassword: 'abcdef', confirmPassword: 'abcdef' }, 'Password must have a minimum length of 4'],
    [changePasswordBody, { currentPassword: 'abcd', newPassword: 'x'.repeat(65), confirmPassword: 'x'.repeat(65) }, 'Password should have a maximum length of 64'],
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
