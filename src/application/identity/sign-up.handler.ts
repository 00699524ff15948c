import type { CommandMetadata, Decider, Event } from '@domain/shared';
import {
  accountDecider,
  accountStreamId,
  emails,
  usernames,
  ValueAlreadyTaken,
  type Account,
  type ReservationCommand,
  type ReservationState,
} from '@domain/identity';
import { derivedId } from '@application/shared/ids';
import { handleCommand, loadState } from '@application/shared/handle-command';
import { decodeDataUrl } from '@application/shared/media-data-url';
import type { Write } from '@application/shared/write-tracker';
import type { IdentityDependencies } from './identity-dependencies';
import { startSession } from './start-session';

export type SignUp = Readonly<{ username: string; email: string; password: string; avatarColor: string; avatarImage: string }>;

export type SignedUp = Readonly<{ account: Extract<Account, { status: 'active' }>; token: string; writes: Write[] }>;

/** A reservation whose sign-up never registered its account (the process died in between) is given up after this. */
const ABANDONED_AFTER_MS = 10 * 60 * 1000;

type Reservation<E extends Event> = Readonly<{ decider: Decider<ReservationCommand, E, ReservationState>; streamId: string }>;

type Holder = Readonly<{ holder: 'nobody' | 'this sign-up' | 'another user' }> | Readonly<{ holder: 'abandoned'; userId: string }>;

/** Who holds a value: nobody, this sign-up, another user, or a sign-up that died before registering its account. */
const holderOf = async <E extends Event>(deps: IdentityDependencies, { decider, streamId }: Reservation<E>, userId: string, now: Date): Promise<Holder> => {
  const reservation = await loadState(deps.store, decider, streamId);
  if (reservation.status !== 'reserved') return { holder: 'nobody' };
  if (reservation.userId === userId) return { holder: 'this sign-up' };
  if (now.getTime() - Date.parse(reservation.reservedAt) < ABANDONED_AFTER_MS) return { holder: 'another user' };
  const owner = await loadState(deps.store, accountDecider, accountStreamId(reservation.userId));
  return owner.status === 'active' ? { holder: 'another user' } : { holder: 'abandoned', userId: reservation.userId };
};

/**
 * Frees a value reserved by a sign-up that died before registering its account, so the value is not lost forever.
 * The release is an append on the reservation stream like any other: if the owner registers meanwhile, nothing is
 * released, because an account exists; a concurrent release by another sign-up is a no-op.
 */
const releaseIfAbandoned = async <E extends Event>(
  deps: IdentityDependencies,
  reservation: Reservation<E>,
  userId: string,
  metadata: CommandMetadata,
): Promise<void> => {
  const held = await holderOf(deps, reservation, userId, metadata.now);
  if (held.holder !== 'abandoned') return;
  await handleCommand(
    deps.store,
    reservation.decider,
    reservation.streamId,
    { type: 'Release', data: { userId: held.userId }, metadata: { ...metadata, commandId: `${metadata.commandId}:reclaim:${deps.ids.newId()}` } },
    { retryOnConflict: true },
  );
};

/** Same command id, same user id: a retried sign-up lands on the streams its first run wrote. */
const userIdFor = (commandId: string): string => derivedId('user', commandId);

/** A 12-digit public number (the client puts it in profile URLs), derived like the user id. */
const uIdFor = (userId: string): string => String(1e11 + (parseInt(userId.slice(0, 12), 16) % 9e11));

const capitalized = (username: string): string => username.charAt(0).toUpperCase() + username.slice(1).toLowerCase();

/**
 * Reserves the username, then the e-mail (each unique by construction), stores the avatar, registers the account
 * and starts a session. If a later step fails, the reservations made are released so the values can be used again.
 */
export const signUp = async (deps: IdentityDependencies, input: SignUp, metadata: CommandMetadata): Promise<SignedUp> => {
  const userId = userIdFor(metadata.commandId);
  const step = (name: string): CommandMetadata => ({ ...metadata, commandId: `${metadata.commandId}:${name}` });
  // Reservations are idempotent by their state (reserved by this user id: nothing to do), not by command id: a retry
  // must see a release that happened since, so each attempt decides again.
  const attempt = (name: string): CommandMetadata => ({ ...metadata, commandId: `${metadata.commandId}:${name}:${deps.ids.newId()}` });
  const username = capitalized(input.username);
  const email = input.email.trim().toLowerCase();
  // Refused input changes nothing: the avatar and the values' availability are checked before anything is appended
  // (a race can still take a value in between: then the reservation made is released).
  decodeDataUrl(input.avatarImage, 'image');
  const usernameReservation = { decider: usernames.decider, streamId: usernames.streamId(username) };
  const emailReservation = { decider: emails.decider, streamId: emails.streamId(email) };
  if ((await holderOf(deps, usernameReservation, userId, metadata.now)).holder === 'another user') throw new ValueAlreadyTaken('username');
  if ((await holderOf(deps, emailReservation, userId, metadata.now)).holder === 'another user') throw new ValueAlreadyTaken('email');
  const releases: Array<() => Promise<unknown>> = [];
  try {
    // On a conflict, deciding again on the fresh state turns a lost race into "already taken". Only what this attempt
    // reserved is released on failure: a retry of a finished sign-up finds both values already its own.
    const reserve = async <E extends Event>({ decider, streamId }: Reservation<E>, value: string) => {
      await releaseIfAbandoned(deps, { decider, streamId }, userId, metadata);
      const reserved = await handleCommand(
        deps.store,
        decider,
        streamId,
        { type: 'Reserve', data: { value, userId }, metadata: attempt(`reserve-${streamId}`) },
        { retryOnConflict: true },
      );
      if (reserved.events.length > 0)
        releases.push(() => handleCommand(deps.store, decider, streamId, { type: 'Release', data: { userId }, metadata: attempt(`release-${streamId}`) }));
    };
    await reserve(usernameReservation, username);
    await reserve(emailReservation, email);
    const avatar = await deps.media.store(input.avatarImage, { publicId: `avatars/${userId}`, kind: 'image', overwrite: true });
    const registration = await handleCommand(deps.store, accountDecider, accountStreamId(userId), {
      type: 'RegisterAccount',
      data: {
        userId,
        username,
        email,
        passwordHash: await deps.hasher.hash(input.password),
        avatarColor: input.avatarColor,
        profilePicture: avatar.url,
        uId: uIdFor(userId),
      },
      metadata: step('account'),
    });
    const registered = registration.events.find((event) => event.type === 'AccountRegistered');
    if (!registered) throw new Error(`Account ${userId} was not registered by ${metadata.commandId}`);
    const session = await startSession(deps, userId, metadata);
    return {
      account: { status: 'active', ...registered.data, isAdmin: false, passwordChangedAt: null },
      token: session.token,
      writes: [registration, session],
    };
  } catch (error) {
    for (const release of releases.reverse()) await release();
    throw error;
  }
};
