import type { EpisodeSpec } from '@matchnet/fewshot';
import { Queue } from 'bullmq';
import { bullmqConnection } from './bullmq-connection.js';

export const EPISODE_QUEUE = 'episodes';

/** One BullMQ job: one shard of one step, with the episodes it must train on. */
export interface ShardJobData {
  job: string;
  step: number;
  shard: number;
  /** Parameter version the gradient must be computed against (= completed steps). */
  version: number;
  episodes: EpisodeSpec[];
}

/** BullMQ job ids may not contain ':' nor be all digits. */
export const shardJobId = (job: string, step: number, shard: number) => `${job}.step${step}.shard${shard}`;

export function createEpisodeQueue(redisUrl: string, prefix: string): Queue<ShardJobData> {
  return new Queue<ShardJobData>(EPISODE_QUEUE, { connection: bullmqConnection(redisUrl, 'producer'), prefix });
}

/**
 * Enqueues every shard of a step. The custom job id makes a repeated enqueue (a restarted
 * coordinator) a no-op while the first copy still exists; retries back off exponentially.
 */
export async function enqueueStep(queue: Queue<ShardJobData>, shards: ShardJobData[]): Promise<void> {
  await queue.addBulk(
    shards.map((data) => ({
      name: 'shard',
      data,
      opts: {
        jobId: shardJobId(data.job, data.step, data.shard),
        attempts: 5,
        backoff: { type: 'exponential', delay: 1000 },
        removeOnComplete: { age: 3600, count: 10_000 },
        removeOnFail: { age: 7 * 24 * 3600 },
      },
    })),
  );
}
