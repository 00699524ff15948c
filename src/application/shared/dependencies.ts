import type { SentEmails } from './email';
import type { Clock } from './clock';
import type { EventStore } from './event-store';
import type { Ids } from './ids';
import type { Jobs } from './jobs';
import type { ListAnchors } from './list-anchors';
import type { Mailer } from './mailer';
import type { MediaStorage } from './media-storage';
import type { ReadModels } from './read-models';
import type { Realtime } from './realtime';
import type { WriteTracker } from './write-tracker';

/**
 * The ports every context may use, in one plain bag bound once by the container. Handlers, policies, queries and jobs
 * take what they need from it (`Pick<SharedDependencies, 'store'>`); a context adds its own ports beside it.
 */
export type SharedDependencies = Readonly<{
  store: EventStore;
  readModels: ReadModels;
  clock: Clock;
  ids: Ids;
  jobs: Jobs;
  realtime: Realtime;
  media: MediaStorage;
  mailer: Mailer;
  sentEmails: SentEmails;
  writeTracker: WriteTracker;
  listAnchors: ListAnchors;
}>;
