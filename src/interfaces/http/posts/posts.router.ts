import { Router, type Request } from 'express';
import { createPost, deletePost, editPost, type MediaUpload } from '@application/posts/post.handlers';
import { getFeedPage } from '@application/posts/feeds.query';
import type { Feed } from '@application/posts/posts.projection';
import type { ApiDependencies } from '../api-dependencies';
import { requireAuthentication } from '../middleware/authentication';
import { queryAsCaller } from '../middleware/caller-queries';
import { jsonBody } from '../middleware/json-body';
import { actorOf, commandMetadataOf } from '../middleware/request-context';
import { parseBody, positiveIntegerOf } from '../middleware/validation';
import { mediaBodyLimit } from '@application/shared/media-data-url';
import { assertShowsSomething, editedPostText, newPostText, postBody, postWithImageBody, postWithVideoBody, type PostBody } from './posts.schemas';

export type PostsRouterDependencies = Pick<
  ApiDependencies,
  'store' | 'media' | 'ids' | 'clock' | 'readModels' | 'writeTracker' | 'listAnchors' | 'readYourWritesTimeoutMs'
>;

const FEEDS: ReadonlyArray<{ path: string; feed: Feed; message: string; withTotal: boolean }> = [
  { path: '/post/all/:page', feed: 'all', message: 'All posts', withTotal: true },
  { path: '/post/images/:page', feed: 'images', message: 'All posts with images', withTotal: false },
  { path: '/post/videos/:page', feed: 'videos', message: 'All posts with videos', withTotal: false },
];

/** The medium a body brings, if any: a data URL to check and store (an empty field keeps what the post has). */
const uploadOf = (body: PostBody, kind: MediaUpload['kind']): MediaUpload | undefined => {
  const dataUrl = body[kind];
  return dataUrl ? { kind, dataUrl } : undefined;
};

/** Contract section 2.4: the three feeds, and posts created, edited and deleted by their author. */
export const postsRouter = (deps: PostsRouterDependencies): Router => {
  const router = Router();
  const { clock } = deps;

  for (const { path, feed, message, withTotal } of FEEDS) {
    router.get(path, requireAuthentication, async (request, response) => {
      const page = positiveIntegerOf(request.params.page, { message: 'Page must be a positive whole number' });
      const viewerId = actorOf(request).userId;
      const { posts, totalPosts } = await queryAsCaller(deps, request, getFeedPage, { viewerId, feed, page, listAnchors: deps.listAnchors });
      response.json(withTotal ? { message, posts, totalPosts } : { message, posts });
    });
  }

  const create = async (request: Request, body: PostBody, upload: MediaUpload | undefined) => {
    const content = newPostText(body);
    assertShowsSomething(content, upload !== undefined);
    const authorId = actorOf(request).userId;
    const result = await createPost(deps, { authorId, content, upload }, commandMetadataOf(request, clock));
    await deps.writeTracker.recordWrites(authorId, [result]);
  };

  router.post('/post', requireAuthentication, jsonBody(), async (request, response) => {
    await create(request, parseBody(postBody, request.body), undefined);
    response.status(201).json({ message: 'Post created successfully' });
  });

  router.post('/post/image/post', requireAuthentication, jsonBody(mediaBodyLimit('image')), async (request, response) => {
    const body = parseBody(postWithImageBody, request.body);
    await create(request, body, uploadOf(body, 'image'));
    response.status(201).json({ message: 'Post created with image successfully' });
  });

  router.post('/post/video/post', requireAuthentication, jsonBody(mediaBodyLimit('video')), async (request, response) => {
    const body = parseBody(postWithVideoBody, request.body);
    await create(request, body, uploadOf(body, 'video'));
    response.status(201).json({ message: 'Post created with video successfully' });
  });

  const edit = async (request: Request, body: PostBody, upload: MediaUpload | undefined) => {
    const editorId = actorOf(request).userId;
    const input = { postId: String(request.params.postId), editorId, changes: editedPostText(body), upload };
    await deps.writeTracker.recordWrites(editorId, [await editPost(deps, input, commandMetadataOf(request, clock))]);
  };

  // Registered before `/post/:postId`, which would otherwise take `image` and `video` for post ids.
  router.put('/post/image/:postId', requireAuthentication, jsonBody(mediaBodyLimit('image')), async (request, response) => {
    const body = parseBody(postBody, request.body);
    await edit(request, body, uploadOf(body, 'image'));
    response.json({ message: 'Post with image updated successfully' });
  });

  router.put('/post/video/:postId', requireAuthentication, jsonBody(mediaBodyLimit('video')), async (request, response) => {
    const body = parseBody(postBody, request.body);
    await edit(request, body, uploadOf(body, 'video'));
    response.json({ message: 'Post with video updated successfully' });
  });

  // A text edit: the post keeps its image or video whatever the body says of them.
  router.put('/post/:postId', requireAuthentication, jsonBody(), async (request, response) => {
    await edit(request, parseBody(postBody, request.body), undefined);
    response.json({ message: 'Post updated successfully' });
  });

  router.delete('/post/:postId', requireAuthentication, async (request, response) => {
    const deleterId = actorOf(request).userId;
    const result = await deletePost(deps, { postId: String(request.params.postId), deleterId }, commandMetadataOf(request, clock));
    await deps.writeTracker.recordWrites(deleterId, [result]);
    response.json({ message: 'Post deleted successfully' });
  });

  return router;
};
