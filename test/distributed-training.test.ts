import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadBackend, type Tf } from '@matchnet/backend';
import {
  bullmqConnection,
  connectRedis,
  EPISODE_QUEUE,
  FileCheckpointStore,
  loadServiceConfig,
  ParameterClient,
  parseJobSpec,
  type ShardJobData,
} from '@matchnet/cluster';
import { initTrainingState, openOmniglot, trainReference, type OmniglotDataset } from '@matchnet/fewshot';
import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ShardProcessor, type ShardOutcome } from '../services/worker/src/shard-processor.js';
import { startInProcessCoordinator } from './support/in-process-coordinator.js';

const env = inject('services');
const url = loadServiceConfig(env).MATCHNET_REDIS_URL;
let tf: Tf;
let dataset: OmniglotDataset;
let redis: Redis;
let scratch: string;
beforeAll(async () => {
  ({ tf } = await loadBackend('tensorflow'));
  dataset = await openOmniglot();
  redis = await connectRedis(url);
  scratch = await mkdtemp(join(tmpdir(), 'matchnet-dist-'));
});
afterAll(async () => {
  await redis.quit();
  await rm(scratch, { recursive: true, force: true });
});

const snapshot = (params: Record<string, { dataSync(): ArrayLike<number> }>) => Object.fromEntries(Object.entries(params).map(([n, v]) => [n, Array.from(v.dataSync())]));

describe('coordinator, BullMQ and workers together', () => {
  it.each([1, 3])('with %i worker(s) give the reference trainer’s parameters, bit for bit', async (workers) => {
    const prefix = `${env.MATCHNET_KEY_PREFIX}-dist${workers}`;
    const spec = parseJobSpec({
      job: `dist-${workers}`,
      seed: 5,
      model: { encoder: { depth: 2, width: 8 } },
      train: { split: 'val', way: 5, shot: 1, query: 2 },
      episodesPerShard: 1,
      shardsPerStep: 3,
      steps: 3,
      validation: { every: 0 },
      checkpointEvery: 2,
    });
    const store = new FileCheckpointStore(join(scratch, prefix));
    const coordinator = await startInProcessCoordinator(tf, spec, dataset, redis, url, prefix, store);
    const { registry, job, done } = coordinator;
    expect(coordinator.created).toBe(true);
    expect(await registry.create(spec)).toBe(false);
    const outcomes: ShardOutcome[] = [];
    const clients = Array.from({ length: workers }, () => new ParameterClient(coordinator.address));
    const pool = clients.map(
      (client, i) =>
        new Worker<ShardJobData, ShardOutcome>(EPISODE_QUEUE, async (j: Job<ShardJobData>) => {
          const outcome = await new ShardProcessor(tf, registry, client, `w${i}`).process(j.data);
          outcomes.push(outcome);
          return outcome;
        }, { connection: bullmqConnection(url, 'consumer'), prefix, concurrency: 1 }),
    );
    try {
      await job.start();
      await done;
      // close() waits for the active job, whose ack may still be in flight.
      await Promise.all(pool.map((w) => w.close()));
      expect(job.state.step).toBe(3);
      expect(outcomes.filter((o) => o.outcome === 'accepted')).toHaveLength(9);
      expect(await store.pointer(spec.job, 'latest')).toBe(3);

      const reference = await trainReference(tf, initTrainingState(tf, spec), dataset);
      expect(snapshot(job.state.params)).toEqual(snapshot(reference.params));
      expect(snapshot(job.state.stats)).toEqual(snapshot(reference.stats));
    } finally {
      await Promise.all(pool.map((w) => w.close()));
      clients.forEach((c) => c.close());
      await coordinator.close();
    }
  }, 180_000);
});
