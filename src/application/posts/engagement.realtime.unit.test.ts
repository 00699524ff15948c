import { SIGNED_IN_ROOM } from '@application/shared/realtime';
import { splitByActor } from './engagement.realtime';

describe('who learns who reacted', () => {
  it('tells a public post’s audience, and sends the counts alone to those hidden from the reactor', () =>
    expect(splitByActor({ room: [SIGNED_IN_ROOM], except: ['user:x'] }, new Set(['h']))).toEqual({
      told: { room: [SIGNED_IN_ROOM], except: ['user:x', 'user:h'] },
      untold: { room: ['user:h'], except: ['user:x'] },
    }));

  it('keeps the counts within a followers-only audience: a hidden user outside it hears nothing', () =>
    expect(splitByActor({ room: ['user:author', 'user:f1', 'user:h1'], except: [] }, new Set(['h1', 'h2']))).toEqual({
      told: { room: ['user:author', 'user:f1', 'user:h1'], except: ['user:h1', 'user:h2'] },
      untold: { room: ['user:h1'], except: [] },
    }));

  it('sends one message when nobody is hidden from the reactor', () =>
    expect(splitByActor({ room: ['user:author'], except: [] }, new Set())).toEqual({ told: { room: ['user:author'], except: [] }, untold: null }));
});
