import { derivedId } from '@application/shared/ids';

/**
 * The conversation of two users: one per pair, whoever writes first, so two users who start talking at the same
 * moment share one conversation and one order of messages.
 */
export const conversationIdOf = (userA: string, userB: string): string => derivedId('conversation', [userA, userB].sort().join(':'));
