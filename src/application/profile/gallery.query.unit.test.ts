import { storedImageIdsOfUrl } from './gallery.query';

describe('the image a URL names', () => {
  it('reads the id from a Cloudinary URL as the client builds it, with or without an extension', () => {
    expect(storedImageIdsOfUrl('https://res.cloudinary.com/dyamr9ym3/image/upload/v1712345678/posts/p1/i1')).toEqual(['posts/p1/i1']);
    expect(storedImageIdsOfUrl('https://res.cloudinary.com/demo/image/upload/v17/backgrounds/u1/c1.jpg')).toEqual([
      'backgrounds/u1/c1.jpg',
      'backgrounds/u1/c1',
    ]);
  });

  it("reads the id from this server's own media URL", () =>
    expect(storedImageIdsOfUrl('http://localhost:5000/media/profile-pictures/u1/c1.png?v=1712345678')).toEqual([
      'profile-pictures/u1/c1.png',
      'profile-pictures/u1/c1',
    ]));

  it.each(['', 'not a url', 'javascript:alert(1)', 'data:image/png;base64,AAAA', 'file:///etc/passwd', 'https://example.com/cat.png', 'https://x.io/%E0%A4%A'])(
    'names no image in %j',
    (url) => expect(storedImageIdsOfUrl(url)).toEqual([]),
  );
});
