import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { findFreePort } from '@infrastructure/embedded';
import { connectClient } from '@infrastructure/realtime/testing/socket-clients';
import { eventually, TINY_PNG } from '@test/support/test-system';

const repoRoot = path.resolve(__dirname, '../..');

/** `npm start` in miniature: the entry point with no MONGO_URL/REDIS_URL, so it starts its own FerretDB and Redis. */
describe('the entry point on the embedded default', () => {
  let child: ChildProcess;
  let baseUrl: string;
  let dataDir: string;

  beforeAll(async () => {
    const port = await findFreePort();
    dataDir = await mkdtemp(path.join(tmpdir(), 'chatty-start-'));
    baseUrl = `http://127.0.0.1:${port}`;
    const { MONGO_URL: _mongo, REDIS_URL: _redis, ...inherited } = process.env;
    const env = { ...inherited, PORT: String(port), PUBLIC_URL: baseUrl, DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
    child = spawn(process.execPath, ['--import', 'tsx', 'src/interfaces/main.ts'], { cwd: repoRoot, env, stdio: ['ignore', 'ignore', 'inherit'] });
    await eventually(
      async () =>
        (
          await request(baseUrl)
            .get('/health')
            .catch(() => null)
        )?.status === 200,
      90_000,
      'the system to answer /health',
    );
  }, 120_000);
  afterAll(async () => {
    if (child.exitCode === null) {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
  });

  it('serves sign-up, sign-in and the current user with a cookie, and a socket with that cookie connects', async () => {
    const agent = request.agent(baseUrl);
    await agent
      .post('/api/v1/signup')
      .send({ username: 'starter', password: 'qwerty1', email: 'starter@example.com', avatarColor: 'red', avatarImage: TINY_PNG })
      .expect(201);
    const signedIn = await agent.post('/api/v1/signin').send({ username: 'starter', password: 'qwerty1' }).expect(200);
    const current = await agent.get('/api/v1/currentuser').expect(200);
    expect(current.body).toMatchObject({ isUser: true, user: { username: 'Starter' } });
    const cookie = String(signedIn.headers['set-cookie']).split(';')[0]!;
    const socket = await connectClient(baseUrl, { extraHeaders: { Cookie: cookie } });
    expect(socket.socket.connected).toBe(true);
    socket.close();
    const services = JSON.parse(await readFile(path.join(dataDir, 'embedded-services.json'), 'utf8'));
    expect(services).toEqual({
      mongoUrl: expect.stringMatching(/^mongodb:\/\/127\.0\.0\.1:\d+\/$/),
      redisUrl: expect.stringMatching(/^redis:\/\/127\.0\.0\.1:\d+$/),
    });
  });

  it('shuts down cleanly on SIGTERM, taking its FerretDB and Redis with it', async () => {
    const services = JSON.parse(await readFile(path.join(dataDir, 'embedded-services.json'), 'utf8')) as { redisUrl: string };
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    const { Redis } = await import('ioredis');
    const probe = new Redis(services.redisUrl, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    await expect(probe.connect()).rejects.toThrow();
    probe.disconnect();
  });
});
