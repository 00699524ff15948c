import { estimatedCursor, takeVisible, USERS_PAGE_SIZE, visibleTotal } from './users-page';

describe('taking a page of visible users', () => {
  it('skips hidden ids without counting them, and says how many ids it walked', () => {
    expect(takeVisible(['a', 'b', 'c', 'd', 'e'], new Set(['b', 'c']), 2)).toEqual({ taken: ['a', 'd'], consumed: 4 });
  });

  it('stops at the last id taken, so the next page starts right after it', () => {
    expect(takeVisible(['a', 'b', 'c', 'd'], new Set(), 2)).toEqual({ taken: ['a', 'b'], consumed: 2 });
  });

  it('takes what there is when the ids run out', () => {
    expect(takeVisible(['a', 'b'], new Set(['a']), 12)).toEqual({ taken: ['b'], consumed: 2 });
    expect(takeVisible([], new Set(), 12)).toEqual({ taken: [], consumed: 0 });
  });
});

describe('estimating where a page starts without a remembered start', () => {
  it('counts whole pages down from the newest user at the anchor', () => {
    expect(estimatedCursor(30, 1)).toBe(29);
    expect(estimatedCursor(30, 2)).toBe(29 - USERS_PAGE_SIZE);
    expect(estimatedCursor(30, 4)).toBeLessThan(0);
  });
});

describe('the visible total', () => {
  it('leaves out the hidden users and never goes below zero', () => {
    expect(visibleTotal(30, 3)).toBe(27);
    expect(visibleTotal(1, 3)).toBe(0);
  });
});
