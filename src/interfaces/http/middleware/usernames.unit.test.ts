import { isValidUsername } from './usernames';

describe('a username', () => {
  it.each(['alice', 'Bob42', 'jean.luc', 'a_b-c', '1234'])('accepts %s', (name) => expect(isValidUsername(name)).toBe(true));

  it.each([
    ['blank', '    '],
    ['punctuation only', '....'],
    ['a leading separator', '.alice'],
    ['a trailing separator', 'alice_'],
    ['two separators in a row', 'al..ce'],
    ['three separators', 'a.b.c.d'],
    ['a space', 'al ice'],
    ['markup', '<b>al'],
    ['a zero-width space', 'ali\u200Bce'],
    ['a right-to-left override', 'ali\u202Ece'],
    ['a control character', 'ali\u0007ce'],
    ['a Hangul filler', 'ali\u3164ce'],
    ['a Cyrillic lookalike', '\u0430dmin'],
    ['fullwidth letters', '\uFF21\uFF24\uFF2D\uFF29\uFF2E'],
    ['a letter whose capital is two letters', '\u00DFabc'],
  ])('refuses %s', (_what, name) => expect(isValidUsername(name)).toBe(false));
});
