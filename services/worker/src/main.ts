import { hostname } from 'node:os';
import { bullmqConnection, EPISODE_QUEUE, JobRegistry, ParameterClient, runServiceMain, type ShardJobData } from '@matchnet/cluster';
import { Worker } from 'bullmq';
import { exponentialBuckets, Gauge, Histogram } from 'prom-client';
import { ShardProcessor, type ShardOutcome } from './shard-processor.js';

await runServiceMain('worker', async (service) => {
  const { config, backend, registry, logger } = service;
  const workerId = config.MATCHNET_WORKER_ID ?? `${hostname()}-${process.pid}`;
  const client = new ParameterClient(config.MATCHNET_COORDINATOR_ADDRESS);
  const processor = new ShardProcessor(backend.tf, new JobRegistry(service.redis, config.MATCHNET_KEY_PREFIX), client, workerId);
  const shardSeconds = new Histogram({ name: 'matchnet_shard_seconds', help: 'Gradient compute time per shard.', labelNames: ['training_job'], buckets: exponentialBuckets(0.1, 2, 12), registers: [registry] });
  const episodesPerSecond = new Gauge({ name: 'matchnet_worker_episodes_per_second', help: 'Episodes per second of compute in the last shard.', labelNames: ['training_job'], registers: [registry] });
  // Concurrency 1: the process computes one shard at a time. The gradient step blocks the
  // event loop for about a second per 80-400 images, far inside the lock duration.
  const worker = new Worker<ShardJobData, ShardOutcome>(
    EPISODE_QUEUE,
    async (job) => {
      const outcome = await processor.process(job.data);
      shardSeconds.labels(job.data.job).observe(outcome.computeMillis / 1000);
      episodesPerSecond.labels(job.data.job).set((1000 * outcome.episodes) / outcome.computeMillis);
      return outcome;
    },
    { connection: bullmqConnection(config.MATCHNET_REDIS_URL, 'consumer'), prefix: config.MATCHNET_KEY_PREFIX, concurrency: 1, lockDuration: config.MATCHNET_LOCK_MS },
  );
  worker.on('error', (err) => logger.error(`queue: ${err.message}`));
  worker.on('failed', (job, err) => logger.error(`shard job ${job?.id} failed: ${err.message}`));
  logger.info(`worker ${workerId} consuming ${EPISODE_QUEUE}, coordinator ${config.MATCHNET_COORDINATOR_ADDRESS}`);
  return async () => {
    await worker.close();
    client.close();
  };
});
