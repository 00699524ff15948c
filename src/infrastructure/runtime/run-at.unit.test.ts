import { runAt } from './run-at';

describe('runAt', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());
  const DAY = 24 * 60 * 60 * 1000;

  it('runs a task a year away after a year, not at once', () => {
    const task = jest.fn();
    runAt(Date.now() + 365 * DAY, task);
    jest.advanceTimersByTime(364 * DAY);
    expect(task).not.toHaveBeenCalled();
    jest.advanceTimersByTime(DAY);
    expect(task).toHaveBeenCalledTimes(1);
  });

  it('runs a task whose time has passed right away, and never a cancelled one', () => {
    const [past, cancelled] = [jest.fn(), jest.fn()];
    runAt(Date.now() - 1_000, past);
    runAt(Date.now() + 40 * DAY, cancelled).cancel();
    jest.advanceTimersByTime(50 * DAY);
    expect(past).toHaveBeenCalledTimes(1);
    expect(cancelled).not.toHaveBeenCalled();
  });
});
