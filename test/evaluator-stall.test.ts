import { loadBackend } from '@matchnet/backend';
import { createEvaluationQueue, connectRedis, enqueueEvaluation, JobRegistry, loadServiceConfig, openCheckpointStore, parseJobSpec } from '@matchnet/cluster';
import { disposeTrainingState, encodeCheckpoint, initTrainingState } from '@matchnet/fewshot';
import { expect, inject, it } from 'vitest';
import { spawnService } from './support/spawn-service.js';

const services = inject('services');

// Every episode of this evaluation outlasts the 2 s lock. The evaluator runs it in BullMQ's
// sandboxed child process; run in the evaluator's own process instead, it starves the lock
// renewal, the job stalls and is evaluated again, and this test fails.
it('an evaluation that runs far longer than the BullMQ lock is processed once', async () => {
  const { tf } = await loadBackend('tensorflow');
  const prefix = `${services.MATCHNET_KEY_PREFIX}-evalstall`;
  const env = { ...services, MATCHNET_KEY_PREFIX: prefix, MATCHNET_LOCK_MS: '2000' };
  const config = loadServiceConfig(env);
  const redis = await connectRedis(config.MATCHNET_REDIS_URL);
  // A wide encoder makes each episode's forward pass, which runs without yielding, outlast
  // the lock by itself (a yield between episodes cannot help then).
  const spec = parseJobSpec({ job: 'evalstall', steps: 1, model: { encoder: { width: 640 } }, validation: { way: 20, shot: 5, episodes: 3 } });
  await new JobRegistry(redis, prefix).create(spec);
  const store = openCheckpointStore(config);
  const state = initTrainingState(tf, spec);
  await store.put(spec.job, 1, await encodeCheckpoint(state));
  disposeTrainingState(tf, state);

  const queue = createEvaluationQueue(config.MATCHNET_REDIS_URL, prefix);
  const evaluator = spawnService('evaluator', env);
  try {
    await evaluator.waitFor(/\] ready/);
    await enqueueEvaluation(queue, { job: spec.job, step: 1, final: false });
    await evaluator.waitFor(/evalstall step 1 val/, 240_000);
    let job = await queue.getJob('evalstall.eval1');
    for (let i = 0; i < 100 && !(await job?.isCompleted()); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      job = await queue.getJob('evalstall.eval1');
    }
    const record = (await store.getResult(spec.job, 1, 'eval-val')) as { seconds: number; episodes: number };
    expect(record.episodes).toBe(3);
    expect(record.seconds / record.episodes).toBeGreaterThan(2); // the premise: one episode outlasts the lock
    expect(await job?.isCompleted()).toBe(true);
    expect(job?.attemptsStarted).toBe(1);
    expect(evaluator.stderr()).not.toMatch(/stalled|failed/);
    expect(evaluator.stderr().match(/evalstall step 1 val/g)).toHaveLength(1);
  } finally {
    evaluator.child.kill('SIGTERM');
    await evaluator.exited;
    await queue.close();
    await redis.quit();
  }
}, 300_000);
