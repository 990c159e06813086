import { loadBackend } from '@matchnet/backend';
import { connectRedis, createEpisodeQueue, JobRegistry, loadServiceConfig, parseJobSpec, shardJobId } from '@matchnet/cluster';
import { openOmniglot } from '@matchnet/fewshot';
import { expect, inject, it } from 'vitest';
import { startParameterServer } from '../services/coordinator/src/parameter-service.js';
import { ShardLedger } from '../services/coordinator/src/shard-ledger.js';
import { TrainingJob } from '../services/coordinator/src/training-job.js';
import { spawnService } from './support/spawn-service.js';

const services = inject('services');

// Each shard computes for several seconds; the lock is 2 s and stalled jobs are checked every 2 s.
// A worker that computed on its own event loop could not renew the lock: the job would stall,
// run a second time, and the coordinator would count a duplicate push.
it('a shard that computes far longer than the BullMQ lock is processed once', async () => {
  const { tf } = await loadBackend('tensorflow');
  const url = loadServiceConfig(services).MATCHNET_REDIS_URL;
  const prefix = `${services.MATCHNET_KEY_PREFIX}-stall`;
  const redis = await connectRedis(url);
  const spec = parseJobSpec({
    job: 'stall',
    train: { split: 'val', way: 20, shot: 5, query: 15 },
    episodesPerShard: 4,
    shardsPerStep: 2,
    steps: 1,
    validation: { every: 0 },
    checkpointEvery: 0,
  });
  await new JobRegistry(redis, prefix).create(spec);
  const queue = createEpisodeQueue(url, prefix);
  let duplicates = 0;
  let finished!: () => void;
  const done = new Promise<void>((r) => (finished = r));
  const job = new TrainingJob(tf, spec, await openOmniglot(), queue, new ShardLedger(redis, prefix), undefined, { onFinished: () => finished() });
  const server = await startParameterServer(
    { job: (n) => (n === spec.job ? job : undefined), jobs: () => [job], onRejected: () => undefined, onDuplicate: () => duplicates++ },
    '127.0.0.1',
    0,
  );
  const env = { ...services, MATCHNET_KEY_PREFIX: prefix, MATCHNET_COORDINATOR_ADDRESS: `127.0.0.1:${server.port}`, MATCHNET_LOCK_MS: '2000' };
  const workers = [spawnService('worker', env), spawnService('worker', env)];
  try {
    await Promise.all(workers.map((w) => w.waitFor(/\] ready/)));
    const started = Date.now();
    await job.start();
    await done;
    const seconds = (Date.now() - started) / 1000;
    expect(seconds).toBeGreaterThan(4); // the premise: compute outlasted the lock
    expect(duplicates).toBe(0);
    for (const shard of [0, 1]) expect((await queue.getJob(shardJobId('stall', 0, shard)))?.attemptsStarted).toBe(1);
    for (const w of workers) expect(w.stderr()).not.toMatch(/stalled/);
  } finally {
    for (const w of workers) w.child.kill('SIGTERM');
    await Promise.all(workers.map((w) => w.exited));
    await server.close();
    await queue.close();
    await redis.quit();
  }
}, 300_000);
