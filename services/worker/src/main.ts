import { fileURLToPath } from 'node:url';
import { bullmqConnection, EPISODE_QUEUE, runServiceMain, type ShardJobData } from '@matchnet/cluster';
import { Worker } from 'bullmq';
import { exponentialBuckets, Gauge, Histogram } from 'prom-client';
import type { ShardOutcome } from './shard-processor.js';

await runServiceMain('worker', async (service) => {
  const { config, registry, logger } = service;
  const shardSeconds = new Histogram({ name: 'matchnet_shard_seconds', help: 'Gradient compute time per shard.', labelNames: ['training_job'], buckets: exponentialBuckets(0.1, 2, 12), registers: [registry] });
  const episodesPerSecond = new Gauge({ name: 'matchnet_worker_episodes_per_second', help: 'Episodes per second of compute in the last shard.', labelNames: ['training_job'], registers: [registry] });
  // Concurrency 1: one shard at a time per process. The compute runs in BullMQ's sandboxed
  // child process, so this process's event loop stays free to renew the job's lock.
  const worker = new Worker<ShardJobData, ShardOutcome>(EPISODE_QUEUE, fileURLToPath(new URL('./shard-sandbox.js', import.meta.url)), {
    connection: bullmqConnection(config.MATCHNET_REDIS_URL, 'consumer'),
    prefix: config.MATCHNET_KEY_PREFIX,
    concurrency: 1,
    lockDuration: config.MATCHNET_LOCK_MS,
    stalledInterval: config.MATCHNET_LOCK_MS,
  });
  worker.on('completed', (job, outcome) => {
    shardSeconds.labels(job.data.job).observe(outcome.computeMillis / 1000);
    episodesPerSecond.labels(job.data.job).set((1000 * outcome.episodes) / outcome.computeMillis);
  });
  worker.on('stalled', (id) => logger.error(`shard job ${id} stalled`));
  worker.on('error', (err) => logger.error(`queue: ${err.message}`));
  worker.on('failed', (job, err) => logger.error(`shard job ${job?.id} failed: ${err.message}`));
  logger.info(`worker ${config.MATCHNET_WORKER_ID ?? process.pid} consuming ${EPISODE_QUEUE}, coordinator ${config.MATCHNET_COORDINATOR_ADDRESS}`);
  return async () => {
    await worker.close();
  };
});
