import type { PostContent, ReactionEvent, ReactionType } from '@domain/posts';
import type { RecordedEvent } from '@application/shared/event-store';
import { recorded } from '@application/shared/testing/projection-spec';
import { isFirstReaction, postDetailsOf } from './notify-on-engagement.policy';

type ReactionGiven = Extract<ReactionEvent, { type: 'ReactionGiven' }>;

const at = '2026-01-01T00:00:00.000Z';
const reacted = (type: ReactionType, previousType: ReactionType | null = null): ReactionEvent => ({
  type: 'ReactionGiven',
  data: { postId: 'p1', userId: 'bob', postAuthorId: 'ann', type, previousType, givenAt: at },
});
const removed = (type: ReactionType): ReactionEvent => ({
  type: 'ReactionRemoved',
  data: { postId: 'p1', userId: 'bob', postAuthorId: 'ann', type, removedAt: at },
});

/** streamOf(the pair's reaction events).notifies() | .staysQuiet(): the reaction judged is the stream's last event. */
const streamOf = (...events: ReactionEvent[]) => {
  const history = events.map((event, index) => recorded(event, index + 1, { streamVersion: index + 1 }));
  const reaction = history.at(-1) as RecordedEvent<ReactionGiven>;
  return { notifies: () => expect(isFirstReaction(history, reaction)).toBe(true), staysQuiet: () => expect(isFirstReaction(history, reaction)).toBe(false) };
};

describe('notifying a reaction', () => {
  it("notifies a user's first reaction to a post", () => streamOf(reacted('like')).notifies());
  it('stays quiet when the user changes the type of their reaction', () => streamOf(reacted('like'), reacted('love', 'like')).staysQuiet());
  it('stays quiet when the user removes their reaction and reacts again', () => streamOf(reacted('like'), removed('like'), reacted('sad')).staysQuiet());
  it('judges a reaction by what came before it, not by what came after', () => {
    const stream = [reacted('like'), reacted('wow', 'like')].map((event, index) => recorded(event, index + 1, { streamVersion: index + 1 }));
    expect(isFirstReaction(stream, stream[0] as RecordedEvent<ReactionGiven>)).toBe(true);
  });
});

describe('what a notification shows of the post', () => {
  const content: PostContent = { post: 'hello', bgColor: '', privacy: 'Public', feelings: '', gifUrl: 'https://gif/x.gif', image: null, video: null };
  it('is its text, its GIF and its image', () => {
    expect(postDetailsOf({ ...content, image: { id: 'posts/p1/i', version: '3', url: 'http://media/i.png' } })).toEqual({
      post: 'hello',
      imgId: 'posts/p1/i',
      imgVersion: '3',
      gifUrl: 'https://gif/x.gif',
    });
  });
  it('leaves the image fields empty for a post without one', () => expect(postDetailsOf(content)).toMatchObject({ imgId: '', imgVersion: '' }));
});
