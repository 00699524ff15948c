import { progressLine } from './rebuild-progress';

describe('the progress line of a rebuild', () => {
  it('gives the position, the share of the log, the rate and the time left', () => {
    expect(progressLine({ position: 250_000, headPosition: 1_000_000, eventsPerSecond: 12_500 })).toBe(
      'position 250,000 of 1,000,000 (25.0 %), 12,500 events/s, about 1 min 0 s left',
    );
  });

  it('leaves the time out until a rate is known, and counts long waits in hours', () => {
    expect(progressLine({ position: 0, headPosition: 80, eventsPerSecond: 0 })).toBe('position 0 of 80 (0.0 %), 0 events/s');
    expect(progressLine({ position: 0, headPosition: 7_200, eventsPerSecond: 1 })).toBe('position 0 of 7,200 (0.0 %), 1 events/s, about 2 h 0 min left');
    expect(progressLine({ position: 0, headPosition: 0, eventsPerSecond: 0 })).toBe('position 0 of 0 (100.0 %), 0 events/s');
  });
});
