import type { Db } from 'mongodb';
import { Sequencer, SEQUENCER_LINGER_MS } from '@infrastructure/event-store/sequencer';
import { runBackgroundLoop } from '@infrastructure/runtime/background-loop';
import type { LogHead } from '@infrastructure/event-store/storage-layout';
import { now } from './measure';

/**
 * A wake-up signal: wait(ms) resolves on the next notify() or after ms, whichever comes first. A notify() with
 * nobody waiting is remembered, so an append made while the sequencer was busy is not left for the idle timeout.
 */
export class Wakeup {
  private waiters: Array<() => void> = [];
  private pending = false;

  notify = (): void => {
    const waiters = this.waiters;
    this.waiters = [];
    if (waiters.length === 0) this.pending = true;
    for (const wake of [...waiters]) wake();
  };

  wait = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      if (this.pending) {
        this.pending = false;
        resolve();
        return;
      }
      const timer = setTimeout(done, ms);
      const waiters = this.waiters;
      function done() {
        clearTimeout(timer);
        const index = waiters.indexOf(done);
        if (index >= 0) waiters.splice(index, 1);
        resolve();
      }
      waiters.push(done);
    });
}

/**
 * A Sequencer running in its loop in this process (as in the `worker` or `all` role), woken by the writers'
 * onAppended callback. It records when the log head reached each position, so a run can tell when its events
 * were all in the global log.
 */
export class RunningSequencer {
  readonly wakeup = new Wakeup();
  private readonly abort = new AbortController();
  private readonly loop: Promise<void>;
  private head: LogHead = { docNo: 0, lastPos: 0 };
  private targets: Array<{ position: number; resolve: (at: number) => void }> = [];
  private readonly errors: unknown[] = [];

  constructor(db: Db, options: Readonly<{ maxEventsPerDoc: number; unconfirmedGraceMs: number; idleMs: number }>) {
    const sequencer = new Sequencer(db, {
      maxEventsPerDoc: options.maxEventsPerDoc,
      unconfirmedGraceMs: options.unconfirmedGraceMs,
      lingerMs: SEQUENCER_LINGER_MS,
      onSequenced: (head) => this.sequenced(head),
    });
    this.loop = runBackgroundLoop(() => sequencer.tick(), {
      signal: this.abort.signal,
      waitForWork: this.wakeup.wait,
      idleMs: options.idleMs,
      onError: (error) => this.errors.push(error),
      afterError: () => sequencer.reset(),
    });
  }

  get errorCount(): number {
    return this.errors.length;
  }

  get firstError(): unknown {
    return this.errors[0];
  }

  /** Resolves with the time (performance.now) at which the log head reached `position`. */
  reached(position: number, timeoutMs: number): Promise<number> {
    if (this.head.lastPos >= position) return Promise.resolve(now());
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the log head did not reach ${position} within ${timeoutMs} ms (at ${this.head.lastPos})`)), timeoutMs);
      this.targets.push({
        position,
        resolve: (at) => {
          clearTimeout(timer);
          resolve(at);
        },
      });
      this.wakeup.notify();
    });
  }

  async stop(): Promise<void> {
    this.abort.abort();
    this.wakeup.notify();
    await this.loop;
  }

  private sequenced(head: LogHead): void {
    const at = now();
    this.head = head;
    const reached = this.targets.filter((target) => target.position <= head.lastPos);
    this.targets = this.targets.filter((target) => target.position > head.lastPos);
    for (const target of reached) target.resolve(at);
  }
}
