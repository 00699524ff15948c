import type { ReadModelWrite } from '@application/shared/projection';

/** `k`: the key's index; `f`: a second key's index (copy source); `g`: the index of the key that must exist. */
type ScriptOp = { o: string; k: number; a?: Array<string | number>; f?: number; g?: number };

/** Turns writes on logical keys into the compact op list of APPLY_BATCH, with each generation-prefixed key listed once. */
export const encodeWrites = (writes: readonly ReadModelWrite[], prefix: string): { keys: string[]; ops: string } => {
  const keys: string[] = [];
  const indexOf = new Map<string, number>();
  const keyIndex = (logical: string) => {
    const key = prefix + logical;
    let index = indexOf.get(key);
    if (index === undefined) {
      index = keys.length + 1;
      keys.push(key);
      indexOf.set(key, index);
    }
    return index;
  };
  const ops: ScriptOp[] = [];
  for (const write of writes) {
    const op = toOp(write, prefix);
    if (!op) continue;
    ops.push({
      ...op,
      k: keyIndex(write.key),
      ...(write.kind === 'sorted.copy' ? { f: keyIndex(write.from) } : {}),
      ...(write.onlyIfExists === undefined ? {} : { g: keyIndex(write.onlyIfExists) }),
    });
  }
  return { keys, ops: JSON.stringify(ops) };
};

const toOp = (write: ReadModelWrite, prefix: string): Omit<ScriptOp, 'k'> | null => {
  switch (write.kind) {
    case 'set.add':
      return write.members.length ? { o: 'sadd', a: write.members } : null;
    case 'set.remove':
      return write.members.length ? { o: 'srem', a: write.members } : null;
    case 'sorted.add':
      return { o: 'zadd', a: [String(write.score), write.member] };
    case 'sorted.remove':
      return write.members.length ? { o: 'zrem', a: write.members } : null;
    case 'hash.set': {
      const flat = Object.entries(write.fields).flat();
      return flat.length ? { o: 'hset', a: flat } : null;
    }
    case 'hash.delete':
      return write.fields.length ? { o: 'hdel', a: write.fields } : null;
    case 'hash.increment':
      return { o: 'hincr', a: [write.field, String(write.by)] };
    case 'value.set':
      return { o: 'set', a: [write.value] };
    case 'key.delete':
      return { o: 'del' };
    case 'list.push':
      return { o: 'lpush', a: write.maxLength ? [write.value, String(write.maxLength)] : [write.value] };
    case 'sorted.copy':
      return { o: 'zcopy', a: [write.member] };
    case 'sorted.removeFromEach':
      // The keys are named in the script, under the same generation prefix (so the same hash tag and slot).
      return { o: 'zremeach', a: [prefix + write.keyPrefix, write.member] };
    default: {
      const unknown: never = write;
      throw new Error(`Unknown read-model write ${JSON.stringify(unknown)}`);
    }
  }
};
