import { loadBackend } from '@matchnet/backend';
import { connectRedis, loadServiceConfig, parseJobSpec, shardJobId } from '@matchnet/cluster';
import { openOmniglot } from '@matchnet/fewshot';
import { expect, inject, it } from 'vitest';
import { startInProcessCoordinator } from './support/in-process-coordinator.js';
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
  const coordinator = await startInProcessCoordinator(tf, spec, await openOmniglot(), redis, url, prefix);
  const { job, done, queue } = coordinator;
  const env = { ...services, MATCHNET_KEY_PREFIX: prefix, MATCHNET_COORDINATOR_ADDRESS: coordinator.address, MATCHNET_LOCK_MS: '2000' };
  const workers = [spawnService('worker', env), spawnService('worker', env)];
  try {
    await Promise.all(workers.map((w) => w.waitFor(/\] ready/)));
    const started = Date.now();
    await job.start();
    await done;
    const seconds = (Date.now() - started) / 1000;
    expect(seconds).toBeGreaterThan(4); // the premise: compute outlasted the lock
    expect(coordinator.duplicates()).toBe(0);
    for (const shard of [0, 1]) expect((await queue.getJob(shardJobId('stall', 0, shard)))?.attemptsStarted).toBe(1);
    for (const w of workers) expect(w.stderr()).not.toMatch(/stalled/);
  } finally {
    for (const w of workers) w.child.kill('SIGTERM');
    await Promise.all(workers.map((w) => w.exited));
    await coordinator.close();
    await redis.quit();
  }
}, 300_000);
