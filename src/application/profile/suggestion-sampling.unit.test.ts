import { pickSuggestions, randomRanks, shuffled } from './suggestion-sampling';

/** A fixed sequence of "random" numbers, repeated. */
const sequence = (...values: number[]) => {
  let i = 0;
  return () => values[i++ % values.length]!;
};

describe('drawing random ranks', () => {
  it('returns every rank when there are no more than asked for', () => {
    expect(randomRanks(3, 10, Math.random)).toEqual([0, 1, 2]);
  });

  it('draws distinct ranks within the range', () => {
    const ranks = randomRanks(1_000, 30, Math.random);
    expect(new Set(ranks).size).toBe(ranks.length);
    expect(ranks.length).toBeGreaterThan(20);
    expect(ranks.every((rank) => rank >= 0 && rank < 1_000)).toBe(true);
  });

  it('gives up after a bounded number of draws when the source repeats itself', () => {
    expect(randomRanks(1_000, 30, () => 0.5)).toEqual([500]);
  });

  it('never goes past the last rank, even for a source that returns 1', () => {
    expect(randomRanks(100, 5, () => 1)).toEqual([99]);
  });
});

describe('picking suggestions', () => {
  it('leaves out excluded and repeated users and keeps at most the limit', () => {
    const picked = pickSuggestions(['me', 'a', 'b', 'a', 'followed', 'c', 'd'], { excluded: new Set(['me', 'followed']), limit: 3, random: Math.random });
    expect(picked).toHaveLength(3);
    expect(new Set(picked).size).toBe(3);
    for (const id of picked) expect(['a', 'b', 'c', 'd']).toContain(id);
  });

  it('shuffles without losing or adding anything', () => {
    const items = ['a', 'b', 'c', 'd', 'e'];
    const result = shuffled(items, sequence(0.1, 0.9, 0.5, 0.3));
    expect([...result].sort()).toEqual(items);
    expect(items).toEqual(['a', 'b', 'c', 'd', 'e']);
  });
});
