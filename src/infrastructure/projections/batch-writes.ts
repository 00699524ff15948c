import type { ReadModelWrite } from '@application/shared/projection';

type ScriptOp = { o: string; k: number; a?: Array<string | number> };

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
    const op = toOp(write);
    if (op) ops.push({ ...op, k: keyIndex(write.key) });
  }
  return { keys, ops: JSON.stringify(ops) };
};

const toOp = (write: ReadModelWrite): Omit<ScriptOp, 'k'> | null => {
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
    default: {
      const unknown: never = write;
      throw new Error(`Unknown read-model write ${JSON.stringify(unknown)}`);
    }
  }
};
