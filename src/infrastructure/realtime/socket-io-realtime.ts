import { Emitter } from '@socket.io/redis-emitter';
import type { Redis } from 'ioredis';
import { userRoom, type Realtime, type RealtimeEmit } from '@application/shared/realtime';
import { DEFAULT_CHANNEL_PREFIX } from './realtime-keys';

/**
 * Emits to a room on every api process through `@socket.io/redis-emitter`, so it works from processes that host no
 * socket (workers). The connection must not be in subscriber mode: the adapter's pub connection is fine.
 */
export class SocketIoRealtime implements Realtime {
  private readonly channelPrefix: string;

  constructor(
    private readonly redis: Redis,
    options: { channelPrefix?: string } = {},
  ) {
    this.channelPrefix = options.channelPrefix ?? DEFAULT_CHANNEL_PREFIX;
  }

  async emit(message: RealtimeEmit): Promise<void> {
    await this.publishing((emitter) => {
      const rooms = emitter.to(message.room);
      (message.except?.length ? rooms.except(message.except) : rooms).emit(message.event, ...message.args);
    });
  }

  async addToRoom(userId: string, room: string | string[]): Promise<void> {
    await this.publishing((emitter) => emitter.in(userRoom(userId)).socketsJoin(room));
  }

  async disconnect(room: string, options: { except?: string } = {}): Promise<void> {
    await this.publishing((emitter) => {
      const sockets = emitter.in(room);
      (options.except ? sockets.except(options.except) : sockets).disconnectSockets(true);
    });
  }

  /**
   * The emitter drops the promise of its PUBLISH; handing it a publisher that keeps the promise lets us await the
   * write to Redis and see its error, instead of leaving an unhandled rejection behind.
   */
  private async publishing(operation: (emitter: Emitter) => void): Promise<void> {
    const published: Array<Promise<number>> = [];
    const publisher = {
      publish: (channel: string, payload: Buffer | string) => {
        const result = this.redis.publish(channel, payload);
        published.push(result);
        return result;
      },
    };
    operation(new Emitter(publisher, { key: this.channelPrefix }));
    await Promise.all(published);
  }
}
