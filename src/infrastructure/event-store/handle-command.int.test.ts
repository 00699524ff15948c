import { randomUUID } from 'node:crypto';
import type { Db } from 'mongodb';
import { foldEvents, type Command, type Decider } from '@domain/shared';
import * as commandHandling from '@application/shared/handle-command';
import { openTestDatabase } from '@test/support/mongo';
import { MongoEventStore } from './mongo-event-store';
import type * as mongoEventStore from './mongo-event-store';
import { increment, testCatalog } from './testing/test-events';

type Increment = Command<'Increment', { by: number }>;
type Incremented = ReturnType<typeof increment>;
const counter: Decider<Increment, Incremented, number> = {
  decide: (command) => [increment(command.data.by)],
  evolve: (total, event) => total + event.data.by,
  initialState: () => 0,
};
const incrementBy = (by: number): Increment => ({
  type: 'Increment',
  data: { by },
  metadata: { commandId: randomUUID(), now: new Date(), actorId: 'user-1', correlationId: randomUUID(), causationId: null },
});

type Process = Readonly<{ handleCommand: typeof commandHandling.handleCommand; openStore: (db: Db) => MongoEventStore }>;
const thisProcess: Process = { handleCommand: commandHandling.handleCommand, openStore: (db) => new MongoEventStore(db, testCatalog) };

/** Fresh copies of the modules, as another process would have them: its own per-stream queue (and error classes). */
const anotherProcess = (): Process => {
  let copy: Process | undefined;
  jest.isolateModules(() => {
    const { handleCommand } = jest.requireActual<typeof commandHandling>('@application/shared/handle-command');
    const { MongoEventStore: IsolatedStore } = jest.requireActual<typeof mongoEventStore>('./mongo-event-store');
    copy = { handleCommand, openStore: (db) => new IsolatedStore(db, testCatalog) };
  });
  return copy!;
};

describe('handleCommand on the MongoDB event store', () => {
  let db: Db;
  let close: () => Promise<void>;

  beforeEach(async () => ({ db, close } = await openTestDatabase('commands')));
  afterEach(() => close());

  const totalOf = async (streamId: string) => foldEvents(counter, (await new MongoEventStore(db, testCatalog).readStream(streamId)).events as Incremented[]);

  it('runs concurrent commands on one stream one after the other in a process, so none of them conflicts', async () => {
    const store = new MongoEventStore(db, testCatalog);
    const commands = Array.from({ length: 30 }, (_, i) => commandHandling.handleCommand(store, counter, 'counter-1', incrementBy(i + 1)));
    const results = await Promise.allSettled(commands);
    expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
    expect(await totalOf('counter-1')).toBe((30 * 31) / 2);
  });

  it('settles conflicts between processes by deciding again, when the command allows it', async () => {
    const processes = [thisProcess, anotherProcess(), anotherProcess()];
    const commands = Array.from({ length: 24 }, (_, i) => {
      const { handleCommand, openStore } = processes[i % processes.length]!;
      return handleCommand(openStore(db), counter, 'counter-2', incrementBy(1), { retryOnConflict: true });
    });
    const results = await Promise.allSettled(commands);
    expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
    expect(await totalOf('counter-2')).toBe(24);
  });

  it('surfaces a conflict between processes as a ConcurrencyError when the command must not be decided again', async () => {
    const processes = [thisProcess, anotherProcess()];
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => {
        const { handleCommand, openStore } = processes[i % processes.length]!;
        return handleCommand(openStore(db), counter, 'counter-3', incrementBy(1));
      }),
    );
    const rejected = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
    expect(rejected.length).toBeGreaterThan(0);
    expect(rejected.every((result) => (result.reason as Error).name === 'ConcurrencyError')).toBe(true);
    expect(await totalOf('counter-3')).toBe(6 - rejected.length);
  });

  it('decides again on the latest state when its process knew the stream only up to an older version', async () => {
    const store = thisProcess.openStore(db);
    const other = anotherProcess();
    await thisProcess.handleCommand(store, counter, 'counter-4', incrementBy(1)); // this process now knows version 1
    await other.handleCommand(other.openStore(db), counter, 'counter-4', incrementBy(10));
    // Not a conflict with a concurrent writer (the other append came before this command): no 409, even without retries.
    const result = await thisProcess.handleCommand(store, counter, 'counter-4', incrementBy(100));
    expect(result.nextExpectedVersion).toBe(3);
    expect(await totalOf('counter-4')).toBe(111);
  });

  it('answers a retried command that another process appended with its first result, though this process had not seen it', async () => {
    const store = thisProcess.openStore(db);
    const other = anotherProcess();
    await thisProcess.handleCommand(store, counter, 'counter-5', incrementBy(1));
    const command = incrementBy(10);
    const first = await other.handleCommand(other.openStore(db), counter, 'counter-5', command);
    const retried = await thisProcess.handleCommand(store, counter, 'counter-5', command);
    expect(retried).toMatchObject({ alreadyApplied: true, nextExpectedVersion: first.nextExpectedVersion, commitId: first.commitId });
    expect(await totalOf('counter-5')).toBe(11);
  });

  it('does not answer from a cache that was behind when the decision there is to do nothing or to refuse', async () => {
    type SetTo = Command<'SetTo', { target: number }>;
    const setTo: Decider<SetTo, Incremented, number> = {
      decide: (command, total) => {
        if (command.data.target < 0) throw new Error('refused');
        return total === command.data.target ? [] : [increment(command.data.target - total)];
      },
      evolve: counter.evolve,
      initialState: counter.initialState,
    };
    const setCommand = (target: number): SetTo => ({ ...incrementBy(0), type: 'SetTo', data: { target } });
    const store = thisProcess.openStore(db);
    const other = anotherProcess();
    await thisProcess.handleCommand(store, setTo, 'counter-6', setCommand(5)); // this process knows the total is 5
    await other.handleCommand(other.openStore(db), counter, 'counter-6', incrementBy(1)); // 6, unknown here
    const result = await thisProcess.handleCommand(store, setTo, 'counter-6', setCommand(5));
    expect(result.events).toHaveLength(1);
    expect(await totalOf('counter-6')).toBe(5);
  });
});
