import { Redis } from 'ioredis';

/**
 * A Redis connection for one BullMQ object. BullMQ needs an ioredis instance (it cannot
 * load ioredis itself under ESM) and each blocking consumer needs its own. Producers fail
 * fast instead of queueing commands while Redis is down; consumers retry forever.
 */
export function bullmqConnection(url: string, role: 'producer' | 'consumer'): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: null,
    enableOfflineQueue: role === 'consumer',
  });
}
