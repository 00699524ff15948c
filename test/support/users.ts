import request from 'supertest';
import { TINY_PNG } from './test-system';
import { uniqueName } from './unique-name';

export type TestUser = Readonly<{ userId: string; uId: string; token: string; cookie: string; username: string; email: string; password: string }>;

/** Signs a new user up through the API (usernames are 4 to 8 characters: a prefix and a unique tail). */
export const signUpUser = async (baseUrl: string, prefix = 'u'): Promise<TestUser> => {
  const unique = uniqueName('')
    .replace(/[^a-z0-9]/gi, '')
    .slice(-6);
  const email = `${prefix.replace(/[^a-z0-9]/gi, '')}${unique}@example.com`;
  const password = 'qwerty1';
  const response = await request(baseUrl)
    .post('/api/v1/signup')
    .send({ username: `${prefix}${unique}`.slice(0, 8), password, email, avatarColor: 'red', avatarImage: TINY_PNG })
    .expect(201);
  return {
    userId: response.body.user._id,
    uId: response.body.user.uId,
    token: response.body.token,
    cookie: String(response.headers['set-cookie']).split(';')[0]!,
    username: response.body.user.username,
    email,
    password,
  };
};

export const bearer = (user: Pick<TestUser, 'token'>) => ({ Authorization: `Bearer ${user.token}` });
