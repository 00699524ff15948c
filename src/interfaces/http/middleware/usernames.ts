/** Letters that render as nothing (Hangul fillers): letters to Unicode, invisible to a reader. */
const INVISIBLE_LETTERS = /[\u115F\u1160\u3164\uFFA0]/u;

/**
 * A username: letters and digits of any script, with at most two separators (`.`, `_`, `-`), each between two of
 * them. So no control, format or invisible character, no space, and no name that is blank or only punctuation. The
 * name is compared in NFC, so the same letters typed two ways are one name (and case-insensitively, as before).
 */
const USERNAME = /^[\p{L}\p{N}]+(?:[._-][\p{L}\p{N}]+){0,2}$/u;

export const isValidUsername = (value: string): boolean => USERNAME.test(value) && !INVISIBLE_LETTERS.test(value) && value === value.normalize('NFC');
