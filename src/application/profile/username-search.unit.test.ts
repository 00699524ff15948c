import { matchingUserIds, parseUsernameEntry } from './username-search';

const members = ['a.b:id1', 'alice:id2', 'bob:id3', 'c(x:id4', 'mal:ice:id5', 'x*y:id6'];

describe('reading a usernames entry', () => {
  it('splits at the last colon, since a username may hold one and an id never does', () => {
    expect(parseUsernameEntry('mal:ice:id5')).toEqual({ username: 'mal:ice', userId: 'id5' });
  });
});

describe('matching usernames', () => {
  it('finds names that contain the query, whatever its case', () => {
    expect(matchingUserIds(members, { query: 'LIC', hidden: new Set(), limit: 10 })).toEqual(['id2']);
    expect(matchingUserIds(members, { query: 'b', hidden: new Set(), limit: 10 })).toEqual(['id1', 'id3']);
  });

  it('takes regex characters literally', () => {
    expect(matchingUserIds(members, { query: '.', hidden: new Set(), limit: 10 })).toEqual(['id1']);
    expect(matchingUserIds(members, { query: 'c(', hidden: new Set(), limit: 10 })).toEqual(['id4']);
    expect(matchingUserIds(members, { query: '*', hidden: new Set(), limit: 10 })).toEqual(['id6']);
    expect(matchingUserIds(members, { query: '.*', hidden: new Set(), limit: 10 })).toEqual([]);
  });

  it('never matches on the user id part', () => {
    expect(matchingUserIds(members, { query: 'id', hidden: new Set(), limit: 10 })).toEqual([]);
  });

  it('leaves out hidden users and stops at the limit', () => {
    expect(matchingUserIds(members, { query: 'a', hidden: new Set(['id1']), limit: 10 })).toEqual(['id2', 'id5']);
    expect(matchingUserIds(members, { query: 'a', hidden: new Set(), limit: 1 })).toEqual(['id1']);
  });
});
