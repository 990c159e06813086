import { hostname } from 'node:os';
import { loadBackend } from '@matchnet/backend';
import { connectRedis, JobRegistry, loadServiceConfig, ParameterClient, type ShardJobData } from '@matchnet/cluster';
import type { SandboxedJob } from 'bullmq';
import { ShardProcessor, type ShardOutcome } from './shard-processor.js';

/**
 * BullMQ's sandboxed processor: it runs in a child process, so a gradient step that keeps
 * the CPU busy for minutes never starves the parent's lock renewal, and a long shard is not
 * declared stalled and handed to a second worker. One processor (with its parameter cache)
 * lives as long as the child.
 */
let processor: Promise<ShardProcessor> | undefined;

async function create(): Promise<ShardProcessor> {
  const config = loadServiceConfig();
  const { tf } = await loadBackend();
  const redis = await connectRedis(config.MATCHNET_REDIS_URL);
  const workerId = config.MATCHNET_WORKER_ID ?? `${hostname()}-${process.ppid}`;
  return new ShardProcessor(tf, new JobRegistry(redis, config.MATCHNET_KEY_PREFIX), new ParameterClient(config.MATCHNET_COORDINATOR_ADDRESS), workerId);
}

export default async function processShard(job: SandboxedJob<ShardJobData>): Promise<ShardOutcome> {
  processor ??= create();
  processor.catch(() => (processor = undefined));
  return (await processor).process(job.data);
}
