import type { Redis } from 'ioredis';
import type { ChatEmailThrottle } from '@application/chat/ports';
import { LuaScript } from '../redis/lua-script';

/**
 * Takes the slot for a message. KEYS: slot  ARGV: message id, window ms.  Returns 1 when the slot was free (it is now
 * held until the window ends) or already held by this message (its expiry is left as it was), 0 when another holds it.
 */
const CLAIM_SLOT = new LuaScript(`
local holder = redis.call('GET', KEYS[1])
if holder then return holder == ARGV[1] and 1 or 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
`);

/** One key per conversation and receiver, holding the message whose e-mail took the window; Redis expires it with the window. */
export const chatEmailSlotKey = (conversationId: string, receiverId: string): string => `chat-email:${conversationId}:${receiverId}`;

/**
 * The window lives in Redis, shared by every worker. If Redis loses it (a flush), a receiver may get one e-mail more
 * than the window allows, never one less.
 */
export class RedisChatEmailThrottle implements ChatEmailThrottle {
  constructor(private readonly redis: Redis) {}

  async claim(conversationId: string, receiverId: string, messageId: string, windowMs: number): Promise<boolean> {
    if (!Number.isSafeInteger(windowMs) || windowMs < 1) throw new RangeError(`The e-mail window must be a whole number of milliseconds, got ${windowMs}`);
    return (await CLAIM_SLOT.run(this.redis, [chatEmailSlotKey(conversationId, receiverId)], [messageId, windowMs])) === 1;
  }
}
