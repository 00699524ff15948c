export type Random = () => number;

/** Up to `count` distinct ranks drawn uniformly from [0, size); every rank when there are no more than `count`. */
export const randomRanks = (size: number, count: number, random: Random): number[] => {
  if (size <= count) return Array.from({ length: size }, (_, rank) => rank);
  const picked = new Set<number>();
  for (let draws = 0; picked.size < count && draws < count * 4; draws++) picked.add(Math.min(size - 1, Math.floor(random() * size)));
  return [...picked];
};

/** Fisher–Yates, on a copy. */
export const shuffled = <T>(items: readonly T[], random: Random): T[] => {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.min(i, Math.floor(random() * (i + 1)));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
};

/** Up to `limit` distinct candidates, none excluded, in random order. */
export type Picking = Readonly<{ excluded: ReadonlySet<string>; limit: number; random: Random }>;

export const pickSuggestions = (candidates: readonly string[], { excluded, limit, random }: Picking): string[] =>
  shuffled(
    [...new Set(candidates)].filter((id) => !excluded.has(id)),
    random,
  ).slice(0, limit);
