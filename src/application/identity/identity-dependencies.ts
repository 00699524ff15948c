import type { Clock } from '@application/shared/clock';
import type { EventStore } from '@application/shared/event-store';
import type { Ids } from '@application/shared/ids';
import type { MediaStorage } from '@application/shared/media-storage';
import type { PasswordHasher, ResetTokens, SessionTokens } from './ports';

export type IdentityDependencies = Readonly<{
  store: EventStore;
  hasher: PasswordHasher;
  sessionTokens: SessionTokens;
  resetTokens: ResetTokens;
  media: MediaStorage;
  ids: Ids;
  clock: Clock;
  sessionTtlMs: number;
}>;
