export const SEARCH_RESULTS_LIMIT = 20;

export type UsernameEntry = Readonly<{ username: string; userId: string }>;

/** A `usernames` member is `<username in lower case>:<user id>`; a username may hold a colon, an id never does. */
export const parseUsernameEntry = (member: string): UsernameEntry => {
  const colon = member.lastIndexOf(':');
  return { username: member.slice(0, colon), userId: member.slice(colon + 1) };
};

/**
 * Case-insensitive "contains", like the old server's escaped regex: the query is plain text, so characters such as
 * `.` `*` `(` or `\` match only themselves and never become a pattern.
 */
export type UsernameQuery = Readonly<{ query: string; hidden: ReadonlySet<string>; limit: number }>;

export const matchingUserIds = (members: readonly string[], { query, hidden, limit }: UsernameQuery): string[] => {
  const needle = query.toLowerCase();
  const found: string[] = [];
  for (const member of members) {
    if (found.length === limit) break;
    const { username, userId } = parseUsernameEntry(member);
    if (username.includes(needle) && !hidden.has(userId)) found.push(userId);
  }
  return found;
};
