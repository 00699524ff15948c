import { foldEvents } from '@domain/shared';
import { commandMetadata, specify } from '@domain/shared/testing/decider-spec';
import {
  accountDecider,
  AccountAlreadyExists,
  AccountNotFound,
  passwordResetDecider,
  ResetTokenInvalid,
  sessionDecider,
  usernames,
  ValueAlreadyTaken,
  type AccountEvent,
} from './index';

const metadata = commandMetadata();
const at = metadata.now.toISOString();

describe('a username reservation', () => {
  const reserve = (userId: string) => ({ type: 'Reserve' as const, data: { value: 'Manny', userId }, metadata });
  const reserved = { type: 'UsernameReserved' as const, data: { username: 'Manny', userId: 'u1', reservedAt: at } };

  it('reserves a free username', () => specify(usernames.decider).given([]).when(reserve('u1')).then([reserved]));
  it('refuses a username reserved by someone else', () => specify(usernames.decider).given([reserved]).when(reserve('u2')).thenThrows(ValueAlreadyTaken));
  it('does nothing when the same user reserves it again', () => specify(usernames.decider).given([reserved]).when(reserve('u1')).then([]));
  it('frees a username its owner releases, and only then', () => {
    specify(usernames.decider)
      .given([reserved])
      .when({ type: 'Release', data: { userId: 'u2' }, metadata })
      .then([]);
    specify(usernames.decider)
      .given([reserved])
      .when({ type: 'Release', data: { userId: 'u1' }, metadata })
      .then([{ type: 'UsernameReleased', data: { userId: 'u1', releasedAt: at } }]);
  });
  it('keys the stream by the value in lower case', () => expect(usernames.streamId(' MaNNy ')).toBe('username:manny'));
});

describe('an account', () => {
  const registration = { userId: 'u1', username: 'Manny', email: 'm@x.io', passwordHash: 'h1', avatarColor: 'red', profilePicture: 'p', uId: '123' };
  const registered: AccountEvent = { type: 'AccountRegistered', data: { ...registration, registeredAt: at } };

  it('registers once', () => {
    specify(accountDecider).given([]).when({ type: 'RegisterAccount', data: registration, metadata }).then([registered]);
    specify(accountDecider).given([registered]).when({ type: 'RegisterAccount', data: registration, metadata }).thenThrows(AccountAlreadyExists);
  });
  it('changes the password of an existing account only', () => {
    const change = { type: 'ChangePassword' as const, data: { userId: 'u1', passwordHash: 'h2', keptSessionId: 's1', reason: 'change' as const }, metadata };
    specify(accountDecider).given([]).when(change).thenThrows(AccountNotFound);
    specify(accountDecider)
      .given([registered])
      .when(change)
      .then([{ type: 'PasswordChanged', data: { ...change.data, changedAt: at } }]);
  });

  describe('a rehash of its password', () => {
    const rehash = (replacedHash: string) => ({ type: 'RehashPassword' as const, data: { userId: 'u1', passwordHash: 'h1-stronger', replacedHash }, metadata });
    const rehashed: AccountEvent = { type: 'PasswordRehashed', data: { userId: 'u1', passwordHash: 'h1-stronger', rehashedAt: at } };

    it('replaces the hash the password was checked against', () => specify(accountDecider).given([registered]).when(rehash('h1')).then([rehashed]));
    it('does nothing when the password changed since, or was already rehashed', () => {
      const changed: AccountEvent = {
        type: 'PasswordChanged',
        data: { userId: 'u1', passwordHash: 'h2', changedAt: at, keptSessionId: null, reason: 'change' },
      };
      specify(accountDecider).given([registered, changed]).when(rehash('h1')).then([]);
      specify(accountDecider).given([registered, rehashed]).when(rehash('h1')).then([]);
    });
    it('refuses an account that does not exist', () => specify(accountDecider).given([]).when(rehash('h1')).thenThrows(AccountNotFound));
    it('keeps the time of the last password change, which older reset links are checked against', () => {
      const account = foldEvents(accountDecider, [registered, rehashed]);
      expect(account).toMatchObject({ status: 'active', passwordHash: 'h1-stronger', passwordChangedAt: null });
    });
  });

  describe('its profile picture', () => {
    const picture = { userId: 'u1', profilePicture: 'https://media/pp/u1/1.png', imageId: 'profile-pictures/u1/1', imgVersion: '17' };
    const change = { type: 'ChangeProfilePicture' as const, data: picture, metadata };
    const changed: AccountEvent = { type: 'ProfilePictureChanged', data: { ...picture, changedAt: at } };

    it('changes on an existing account only', () => {
      specify(accountDecider).given([]).when(change).thenThrows(AccountNotFound);
      specify(accountDecider).given([registered]).when(change).then([changed]);
    });
    it('does nothing when the picture is the one the account already shows', () => specify(accountDecider).given([registered, changed]).when(change).then([]));
    it('is what the account shows after the change', () => {
      const account = foldEvents(accountDecider, [registered, changed]);
      expect(account.status === 'active' && account.profilePicture).toBe(picture.profilePicture);
    });
  });
});

describe('a session', () => {
  const started = { type: 'SessionStarted' as const, data: { sessionId: 's1', userId: 'u1', startedAt: at, expiresAt: '2026-01-08T00:00:00.000Z' } };
  it('ends once', () => {
    specify(sessionDecider)
      .given([started])
      .when({ type: 'EndSession', data: { sessionId: 's1' }, metadata })
      .then([{ type: 'SessionEnded', data: { sessionId: 's1', userId: 'u1', endedAt: at } }]);
    specify(sessionDecider)
      .given([started, { type: 'SessionEnded', data: { sessionId: 's1', userId: 'u1', endedAt: at } }])
      .when({ type: 'EndSession', data: { sessionId: 's1' }, metadata })
      .then([]);
  });
});

describe('a password reset token', () => {
  const requested = {
    type: 'PasswordResetRequested' as const,
    data: { tokenId: 't1', userId: 'u1', email: 'm@x.io', username: 'Manny', requestedAt: at, expiresAt: '2026-01-01T01:00:00.000Z' },
  };
  const use = (now: string, passwordChangedAt: string | null = null) => ({
    type: 'UsePasswordResetToken' as const,
    data: { tokenId: 't1', passwordChangedAt },
    metadata: commandMetadata(new Date(now)),
  });

  it('works within the hour', () =>
    specify(passwordResetDecider)
      .given([requested])
      .when(use('2026-01-01T00:59:59.000Z'))
      .then([{ type: 'PasswordResetTokenUsed', data: { tokenId: 't1', userId: 'u1', usedAt: '2026-01-01T00:59:59.000Z' } }]));
  it('is refused after the hour', () => specify(passwordResetDecider).given([requested]).when(use('2026-01-01T01:00:01.000Z')).thenThrows(ResetTokenInvalid));
  it('works once', () =>
    specify(passwordResetDecider)
      .given([requested, { type: 'PasswordResetTokenUsed', data: { tokenId: 't1', userId: 'u1', usedAt: at } }])
      .when(use('2026-01-01T00:10:00.000Z'))
      .thenThrows(ResetTokenInvalid));
  it('is refused when unknown', () => specify(passwordResetDecider).given([]).when(use('2026-01-01T00:10:00.000Z')).thenThrows(ResetTokenInvalid));
  it('is refused once the password changed after it was asked for', () =>
    specify(passwordResetDecider).given([requested]).when(use('2026-01-01T00:10:00.000Z', '2026-01-01T00:05:00.000Z')).thenThrows(ResetTokenInvalid));
});
