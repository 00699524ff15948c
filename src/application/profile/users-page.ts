/** The people list: 12 a page, newest registration first. */
export const USERS_PAGE_SIZE = 12;

export type VisibleSlice = Readonly<{ taken: string[]; consumed: number }>;

/**
 * Walks ids (newest first) and takes up to `wanted` that are not hidden. `consumed` is how many ids the walk used,
 * so the next page starts right after the last one taken, and a hidden id is skipped, never counted.
 */
export const takeVisible = (idsNewestFirst: readonly string[], hidden: ReadonlySet<string>, wanted: number): VisibleSlice => {
  const taken: string[] = [];
  let consumed = 0;
  for (const id of idsNewestFirst) {
    if (taken.length === wanted) break;
    consumed++;
    if (!hidden.has(id)) taken.push(id);
  }
  return { taken, consumed };
};

/**
 * Where page `page` starts (an ascending rank) when its cursor is unknown (expired, or the page was asked for out of
 * order): as if nobody were hidden. Exact when nobody is; off by at most the number of hidden users otherwise.
 */
export const estimatedCursor = (anchorSize: number, page: number): number => anchorSize - 1 - (page - 1) * USERS_PAGE_SIZE;

/** Users at the anchor that the viewer may see: everyone registered then, less the viewer and the hidden users. */
export const visibleTotal = (anchorSize: number, hiddenCount: number): number => Math.max(0, anchorSize - hiddenCount);
