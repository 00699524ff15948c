import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { PayloadTooLargeError, ValidationError } from '@domain/shared';
import type { MediaStorage } from '@application/shared/media-storage';

/** What the SDK sent: the API path (`/v1_1/<cloud>/<resource type>/<action>`) and the fields of its multipart form. */
type ApiCall = Readonly<{ path: string; fields: Record<string, string> }>;

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const dataUrl = (bytes: Buffer, declared = 'image/png') => `data:${declared};base64,${bytes.toString('base64')}`;
const VERSION = 1712345678;

const readBody = async (request: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

/** The fields of a multipart form as the SDK writes it (every value is a text field here: the data URL too). */
const formFields = (body: string): Record<string, string> =>
  Object.fromEntries([...body.matchAll(/Content-Disposition: form-data; name="([^"]+)"\r\n\r\n([\s\S]*?)\r\n--/g)].map((match) => [match[1]!, match[2]!]));

/**
 * A stand-in for Cloudinary's upload API on a local port: it records each call and answers as the API does, refusing
 * uploads whose public id says so.
 */
const startCloudinaryStandIn = async (): Promise<{ server: Server; port: number; calls: ApiCall[] }> => {
  const calls: ApiCall[] = [];
  const server = createServer((request, response) => {
    void readBody(request).then((body) => {
      const call = { path: request.url ?? '', fields: formFields(body) };
      calls.push(call);
      const [, , cloud, resourceType, action] = call.path.split('/');
      const publicId = call.fields.public_id ?? '';
      response.setHeader('Content-Type', 'application/json');
      if (action === 'destroy') return response.end(JSON.stringify({ result: 'ok' }));
      if (publicId.includes('refused')) {
        response.statusCode = 400;
        return response.end(JSON.stringify({ error: { message: 'Invalid image file' } }));
      }
      response.end(
        JSON.stringify({
          public_id: publicId,
          version: VERSION,
          resource_type: resourceType,
          secure_url: `https://res.cloudinary.com/${cloud}/${resourceType}/upload/v${VERSION}/${publicId}.png`,
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, calls };
};

describe('Cloudinary media storage, through the real SDK against a local stand-in of its API', () => {
  let standIn: Awaited<ReturnType<typeof startCloudinaryStandIn>>;
  let storage: MediaStorage;
  const previousUrl = process.env.CLOUDINARY_URL;

  beforeAll(async () => {
    standIn = await startCloudinaryStandIn();
    // The SDK picks http or https for the API host when it is first loaded, from CLOUDINARY_URL: set it before that.
    process.env.CLOUDINARY_URL = `cloudinary://key-1:secret-1@demo-cloud?upload_prefix=http://127.0.0.1:${standIn.port}`;
    const { CloudinaryMediaStorage } = await import('./cloudinary-media-storage');
    storage = new CloudinaryMediaStorage(process.env.CLOUDINARY_URL, pino({ level: 'silent' }));
  });
  afterAll(async () => {
    if (previousUrl === undefined) delete process.env.CLOUDINARY_URL;
    else process.env.CLOUDINARY_URL = previousUrl;
    await new Promise((resolve) => standIn.server.close(resolve));
  });
  beforeEach(() => {
    standIn.calls.length = 0;
  });

  it('uploads an image as a signed image upload under its public id, and gives back the URL and version Cloudinary answers', async () => {
    const stored = await storage.store(dataUrl(PNG), { publicId: 'profile-pictures/u1/c1', kind: 'image', overwrite: true });

    expect(stored).toEqual({
      url: `https://res.cloudinary.com/demo-cloud/image/upload/v${VERSION}/profile-pictures/u1/c1.png`,
      publicId: 'profile-pictures/u1/c1',
      version: String(VERSION),
    });
    expect(standIn.calls).toHaveLength(1);
    const [call] = standIn.calls as [ApiCall];
    expect(call.path).toBe('/v1_1/demo-cloud/image/upload');
    expect(call.fields).toMatchObject({ public_id: 'profile-pictures/u1/c1', overwrite: '1', invalidate: '1', api_key: 'key-1', file: dataUrl(PNG) });
    // Signed with the secret, as Cloudinary checks it: the sorted parameters but the file and the key, then the secret.
    const { file: _file, api_key: _key, signature, ...signed } = call.fields;
    const toSign = Object.keys(signed)
      .sort()
      .map((key) => `${key}=${signed[key]}`)
      .join('&');
    expect(signature).toBe(createHash('sha1').update(`${toSign}secret-1`).digest('hex'));
  });

  it('uploads a video as a video resource, without overwriting by default', async () => {
    const mp4 = Buffer.from('\u0000\u0000\u0000\u0018ftypmp42isom');
    await storage.store(dataUrl(mp4, 'video/mp4'), { publicId: 'posts/p1/v1', kind: 'video' });
    expect(standIn.calls[0]).toMatchObject({ path: '/v1_1/demo-cloud/video/upload', fields: { public_id: 'posts/p1/v1', overwrite: '0' } });
  });

  it('turns an upload Cloudinary refuses into a validation error', async () => {
    await expect(storage.store(dataUrl(PNG), { publicId: 'refused/u1', kind: 'image' })).rejects.toThrow(ValidationError);
    expect(standIn.calls).toHaveLength(1);
  });

  it('sends nothing to Cloudinary for what is not an image, or is too large', async () => {
    await expect(storage.store(dataUrl(Buffer.from('<svg onload=alert(1)>')), { publicId: 'x/1', kind: 'image' })).rejects.toThrow(ValidationError);
    await expect(storage.store('https://example.com/cat.png', { publicId: 'x/2', kind: 'image' })).rejects.toThrow(ValidationError);
    await expect(storage.store('/etc/passwd', { publicId: 'x/3', kind: 'image' })).rejects.toThrow(ValidationError);
    const huge = Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024)]);
    await expect(storage.store(dataUrl(huge), { publicId: 'x/4', kind: 'image' })).rejects.toThrow(PayloadTooLargeError);
    expect(standIn.calls).toEqual([]);
  });

  it('removes a medium with a destroy call of its resource type', async () => {
    await storage.remove('posts/p1/v1', 'video');
    expect(standIn.calls).toHaveLength(1);
    expect(standIn.calls[0]).toMatchObject({ path: '/v1_1/demo-cloud/video/destroy', fields: { public_id: 'posts/p1/v1', api_key: 'key-1' } });
  });
});
