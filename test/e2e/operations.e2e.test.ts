import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { eventually, startTestSystemWithMail, type TestSystemWithMail } from '@test/support/test-system';
import { bearer, signUpUser } from '@test/support/users';

const run = promisify(execFile);
const repoRoot = path.resolve(__dirname, '../..');

describe('operating the system: admin routes, CLI, rebuilds and a Redis that loses everything', () => {
  let sut: TestSystemWithMail;
  const api = () => request(sut.baseUrl);
  const cli = (...args: string[]) =>
    run(process.execPath, ['--import', 'tsx', 'src/interfaces/cli/admin.ts', ...args], {
      cwd: repoRoot,
      env: {
        ...process.env,
        MONGO_URL: sut.config.mongoUrl,
        MONGO_DB: sut.config.mongoDb,
        REDIS_URL: sut.config.redisUrl,
        DATA_DIR: sut.config.dataDir,
        LOG_LEVEL: 'warn',
      },
    });
  const signUp = () => signUpUser(sut.baseUrl, 'o');

  beforeAll(async () => {
    sut = await startTestSystemWithMail();
  });
  afterAll(() => sut.stop());

  it('keeps the admin routes for admins: 401 without a session, 403 for a user, 200 once the CLI granted the role', async () => {
    const user = await signUp();
    await api().get('/admin/projections').expect(401);
    const forbidden = await api().get('/admin/projections').set(bearer(user)).expect(403);
    expect(forbidden.body.message).toBe('Admin role is required.');
    const granted = await cli('grant-admin', user.username);
    expect(granted.stdout).toContain(`(${user.userId}) is an admin.`);
    const response = await eventually(async () => {
      const r = await api().get('/admin/projections').set(bearer(user));
      return r.status === 200 ? r : null;
    });
    const names = response.body.projections.map((p: { name: string }) => p.name);
    expect(names).toEqual(expect.arrayContaining(['identity.access', 'profile.users']));
    for (const projection of response.body.projections)
      expect(projection).toMatchObject({ lag: expect.any(Number), headPosition: expect.any(Number), generations: expect.any(Array) });
    await api().post('/admin/projections/no.such/rebuild').set(bearer(user)).expect(404);
    await api().post('/admin/projections/profile.users/dead-letters/zero/replay').set(bearer(user)).expect(400);
  });

  it('prints each projection with its checkpoint and lag from the CLI', async () => {
    await signUp();
    const { stdout } = await cli('status');
    expect(stdout).toMatch(/projection\s+generation\s+status\s+version\s+checkpoint\s+lag/);
    expect(stdout).toMatch(/profile\.users\s+\d+\s+live \(active\)/);
    expect(stdout).toMatch(/head position: \d+/);
  });

  it('rebuilds a projection from the CLI, following it until the new generation serves', async () => {
    await signUp();
    const { stdout } = await cli('rebuild', 'profile.users');
    const generation = /Rebuilding profile\.users into generation (\d+);/.exec(stdout)?.[1];
    expect(generation).toBeDefined();
    expect(stdout).toContain(`Generation ${generation} of profile.users has caught up and serves the queries.`);
    for (const line of stdout.split('\n').filter((text) => text.startsWith('position ')))
      expect(line).toMatch(/^position [\d,]+ of [\d,]+ \(\d+\.\d %\), [\d,]+ events\/s/);
    expect((await cli('status')).stdout).toMatch(new RegExp(`profile\\.users\\s+${generation}\\s+live \\(active\\)`));
  });

  it('lists every consumer of the log, projections, policies and realtime projections, with kind, checkpoint and lag', async () => {
    const admin = await signUp();
    await cli('grant-admin', admin.username);
    const consumers = await eventually(async () => {
      const r = await api().get('/admin/consumers').set(bearer(admin));
      return r.status === 200 ? (r.body.consumers as Array<{ name: string; kind: string }>) : null;
    });
    const kinds = Object.fromEntries(consumers.map((consumer) => [consumer.name, consumer.kind]));
    expect(kinds).toMatchObject({
      'identity.access': 'projection',
      'identity.emails': 'policy',
      'identity.end-sockets': 'policy',
      'notifications.on-follow': 'policy',
      realtime: 'realtime',
    });
    for (const consumer of consumers)
      expect(consumer).toMatchObject({ headPosition: expect.any(Number), lag: expect.any(Number), deadLetters: expect.any(Number) });
    await api().get('/admin/consumers/identity.emails/dead-letters').set(bearer(admin)).expect(200, { message: 'Dead letters', deadLetters: [] });
    await api().delete('/admin/consumers/identity.emails/dead-letters/7').set(bearer(admin)).expect(404);
    const refused = await api().post('/admin/consumers/identity.emails/rebuild').set(bearer(admin)).expect(400);
    expect(refused.body.message).toContain('only projections are rebuilt');

    const { stdout } = await cli('status');
    expect(stdout).toMatch(/consumer\s+kind\s+checkpoint\s+lag\s+dead letters/);
    expect(stdout).toMatch(/identity\.emails\s+policy\s+(\d+|none yet)\s+\d+\s+0/);
    expect(stdout).toMatch(/realtime\s+realtime\s+(\d+|none yet)\s+\d+\s+0/);
  });

  it('rebuilds a projection while queries keep answering, and sends no e-mail while it replays', async () => {
    const admin = await signUp();
    await cli('grant-admin', admin.username);
    const users = await Promise.all([signUp(), signUp(), signUp()]);
    await api().post('/api/v1/forgot-password').send({ email: users[0].email }).expect(200);
    await eventually(async () => sut.smtp.received.length > 0 && sut.smtp.received.some((m) => JSON.stringify(m.to).includes(users[0].email)));
    await eventually(async () => (await api().get('/admin/projections').set(bearer(admin))).status === 200);
    const mailsBefore = sut.smtp.received.length;

    const started = await api().post('/admin/projections/profile.users/rebuild').set(bearer(admin)).expect(202);
    const generation = started.body.generation as number;
    let answers = 0;
    await eventually(async () => {
      for (const user of users) {
        const current = await api().get('/api/v1/currentuser').set(bearer(user)).expect(200);
        expect(current.body).toMatchObject({ isUser: true, user: { _id: user.userId } });
        answers++;
      }
      const status = await api().get('/admin/projections').set(bearer(admin)).expect(200);
      return status.body.projections.find((p: { name: string }) => p.name === 'profile.users').activeGeneration === generation;
    });
    expect(answers).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(sut.smtp.received.length).toBe(mailsBefore);
  });

  it('lets admins in while the access read model is rebuilt after Redis lost everything, and no one else', async () => {
    const [admin, user] = [await signUp(), await signUp()];
    await cli('grant-admin', admin.username);
    await eventually(async () => (await api().get('/admin/consumers').set(bearer(admin))).status === 200);
    await sut.redis.flushall();
    const [asAdmin, asUser] = await Promise.all([api().get('/admin/consumers').set(bearer(admin)), api().get('/admin/consumers').set(bearer(user))]);
    expect([asAdmin.status, asUser.status]).toEqual([200, 403]);
  });

  it('recovers by itself after Redis lost everything, without sending past e-mails again or accepting revoked tokens', async () => {
    const user = await signUp();
    const signedOut = await signUp();
    await api().get('/api/v1/signout').set(bearer(signedOut)).expect(200);
    await eventually(async () => (await api().get('/api/v1/currentuser').set(bearer(signedOut))).status === 401);
    await api().post('/api/v1/forgot-password').send({ email: user.email }).expect(200);
    await eventually(async () => sut.smtp.received.some((m) => JSON.stringify(m.to).includes(user.email)));
    const mailsBefore = sut.smtp.received.length;

    await sut.redis.flushall();
    const recovered = await eventually(
      async () => {
        expect([401, 503]).toContain((await api().get('/api/v1/currentuser').set(bearer(signedOut))).status);
        const current = await api().get('/api/v1/currentuser').set(bearer(user));
        expect([200, 503]).toContain(current.status);
        return current.status === 200 && current.body.isUser ? current : null;
      },
      20_000,
      'the user read model to be rebuilt',
    );
    await api().get('/api/v1/currentuser').set(bearer(signedOut)).expect(401);
    expect(recovered.body.user._id).toBe(user.userId);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(sut.smtp.received.length).toBe(mailsBefore);

    await api().post('/api/v1/forgot-password').send({ email: user.email }).expect(200);
    await eventually(async () => sut.smtp.received.length === mailsBefore + 1, 15_000, 'a new e-mail after the flush');
  });
});
