import type { InboxEntry } from './storage-layout';

/**
 * Inbox entries in the order they were announced, except that each stream's own entries are put in seq order
 * in the places that stream occupies: writers' clocks may disagree, stream order may not.
 */
export const orderForSequencing = (entries: readonly InboxEntry[]): InboxEntry[] => {
  const byTime = [...entries].sort((a, b) => a.createdAt - b.createdAt || a._id.localeCompare(b._id));
  const byStream = new Map<string, InboxEntry[]>();
  for (const entry of byTime) {
    const list = byStream.get(entry.commit.streamId) ?? [];
    list.push(entry);
    byStream.set(entry.commit.streamId, list);
  }
  for (const list of byStream.values()) list.sort((a, b) => a.commit.seq - b.commit.seq);
  const taken = new Map<string, number>();
  return byTime.map((slot) => {
    const list = byStream.get(slot.commit.streamId) ?? [];
    const index = taken.get(slot.commit.streamId) ?? 0;
    taken.set(slot.commit.streamId, index + 1);
    return list[index] ?? slot;
  });
};
