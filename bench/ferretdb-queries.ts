// How FerretDB 1.24 answers the queries an event store needs, by handler and collection size:
//   npx tsx bench/ferretdb-queries.ts [--docs=50000]
// Starts its own FerretDB (SQLite, then PostgreSQL) and prints one line per query kind.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { startFerretDb, type FerretDbHandler } from '../src/infrastructure/embedded';

const docsArg = process.argv.find((arg) => arg.startsWith('--docs='));
const DOCS = docsArg ? Number(docsArg.split('=')[1]) : 50_000;

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const timeMs = async (run: () => Promise<unknown>, repeat = 5): Promise<number> => {
  const samples: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  return median(samples);
};

const measure = async (handler: FerretDbHandler): Promise<void> => {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'ferretdb-queries-'));
  const server = await startFerretDb({ handler, dataDir, postgresUrl: `postgres://postgres@127.0.0.1:5432/ferretdb_queries_${process.pid}` });
  const client = await MongoClient.connect(server.url);
  try {
    const collection = client.db('bench').collection<{ _id: string; streamId: string; page: number; seqd: boolean }>('docs');
    await collection.createIndex({ streamId: 1 });
    await collection.createIndex({ page: 1 });
    for (let start = 0; start < DOCS; start += 1_000) {
      const batch = Array.from({ length: Math.min(1_000, DOCS - start) }, (_, i) => {
        const n = start + i;
        return { _id: `doc-${String(n).padStart(9, '0')}`, streamId: `stream-${n % 5_000}`, page: Math.floor(n / 256), seqd: n < DOCS - 5 };
      });
      await collection.insertMany(batch);
    }
    const early = `doc-${String(10).padStart(9, '0')}`;
    const late = `doc-${String(DOCS - 10).padStart(9, '0')}`;
    const rows: Array<[string, number]> = [
      ['string _id, an early document', await timeMs(() => collection.findOne({ _id: early }))],
      ['string _id, a late document', await timeMs(() => collection.findOne({ _id: late }))],
      ['string _id, missing', await timeMs(() => collection.findOne({ _id: 'missing' }))],
      ['indexed field equality (streamId)', await timeMs(() => collection.find({ streamId: 'stream-42' }).toArray())],
      ['indexed int equality (page)', await timeMs(() => collection.find({ page: 7 }).toArray())],
      ['boolean equality (seqd: false)', await timeMs(() => collection.find({ seqd: false }).toArray())],
      [
        '_id range, sorted, limit 100',
        await timeMs(() =>
          collection
            .find({ _id: { $gt: late } })
            .sort({ _id: 1 })
            .limit(100)
            .toArray(),
        ),
      ],
    ];
    console.log(`\nFerretDB ${handler}, ${DOCS} documents (median of 5, ms)`);
    for (const [label, ms] of rows) console.log(`  ${label.padEnd(36)} ${ms.toFixed(2).padStart(9)}`);
  } finally {
    await client.close();
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
};

const main = async () => {
  for (const handler of ['sqlite', 'postgresql'] as const) await measure(handler);
};

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
