import type { ChildProcess } from 'node:child_process';

const children = new Set<ChildProcess>();
let hooksInstalled = false;

const terminateAll = (): void => {
  for (const child of children) child.kill('SIGTERM');
};

/**
 * Node runs no 'exit' listener when a signal ends the process, so each terminating signal is caught too.
 * If the application has its own listener for that signal, it owns the shutdown: the children may still be
 * needed while it drains, and the 'exit' hook ends them afterwards. Otherwise the children are ended and the
 * signal is raised again, so the process dies exactly as it would have without this hook.
 */
const installHooks = (): void => {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.once('exit', terminateAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = (): void => {
      if (process.listenerCount(signal) > 1) return;
      terminateAll();
      process.removeListener(signal, onSignal);
      process.kill(process.pid, signal);
    };
    process.on(signal, onSignal);
  }
};

/** Ends the child with SIGTERM when this process exits or is terminated by a signal. */
export const terminateWithParent = (child: ChildProcess): void => {
  installHooks();
  children.add(child);
  child.once('exit', () => children.delete(child));
};
