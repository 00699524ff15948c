/**
 * A username: ASCII letters and digits, with at most two separators (`.`, `_`, `-`), each between two of them. So no
 * control, format or invisible character, no space, no blank name or one of punctuation only, and no lookalike from
 * another script (`аdmin` in Cyrillic, fullwidth `ＡＤＭＩＮ`): names are compared case-insensitively, and ASCII case
 * folds one way only (`ß` would become `SS` once capitalised, and no longer sign in).
 */
const USERNAME = /^[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+){0,2}$/;

export const isValidUsername = (value: string): boolean => USERNAME.test(value);
