import { Redis } from 'ioredis';

export class RedisPolicyError extends Error {
  override name = 'RedisPolicyError';
}

/**
 * BullMQ keeps job locks as expiring keys; any eviction policy but noeviction can drop
 * them and lose jobs, so a service must not run against such a Redis.
 */
export async function assertNoEviction(redis: Redis, url: string): Promise<void> {
  const reply = (await redis.config('GET', 'maxmemory-policy')) as string[];
  const policy = reply[1];
  if (policy !== 'noeviction') {
    throw new RedisPolicyError(
      `Redis at ${url} has maxmemory-policy=${policy ?? 'unknown'}; matchnet requires noeviction ` +
        '(BullMQ loses jobs otherwise). Run `redis-cli config set maxmemory-policy noeviction`.',
    );
  }
}

/**
 * Connects and checks the eviction policy. `maxRetriesPerRequest: null` is what BullMQ
 * workers need; a failed first connection is reported rather than retried forever.
 */
export async function connectRedis(url: string): Promise<Redis> {
  const redis = new Redis(url, { maxRetriesPerRequest: null, lazyConnect: true });
  try {
    await redis.connect();
    await assertNoEviction(redis, url);
    return redis;
  } catch (err) {
    redis.disconnect();
    if (err instanceof RedisPolicyError) throw err;
    throw new Error(`cannot connect to Redis at ${url}: ${(err as Error).message}`);
  }
}
