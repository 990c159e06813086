import { loadBackend, type Tf } from '@matchnet/backend';
import { connectRedis, GradientRejected, loadServiceConfig, parseJobSpec, shardResultToWire } from '@matchnet/cluster';
import {
  computeShardGradients,
  initTrainingState,
  openOmniglot,
  Rng,
  shardEpisodes,
  trainReference,
  type OmniglotDataset,
  type TrainingConfig,
  type TrainingState,
} from '@matchnet/fewshot';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ShardLedger } from '../src/shard-ledger.js';
import { StepAggregator, type GradientPush } from '../src/step-aggregator.js';

const env = inject('services');
let tf: Tf;
let dataset: OmniglotDataset;
let redis: Redis;
beforeAll(async () => {
  ({ tf } = await loadBackend('tensorflow'));
  dataset = await openOmniglot();
  await dataset.prepare('val');
  redis = await connectRedis(loadServiceConfig(env).MATCHNET_REDIS_URL);
});
afterAll(() => redis.quit());

const spec = (job: string): TrainingConfig =>
  parseJobSpec({
    job,
    seed: 4,
    model: { encoder: { depth: 2, width: 8 } },
    train: { split: 'val', way: 5, shot: 1, query: 2 },
    episodesPerShard: 2,
    shardsPerStep: 4,
    steps: 3,
    validation: { every: 0 },
    checkpointEvery: 0,
  });

/** What a worker sends for one shard: the gradient computed against the current parameters. */
function workerPush(state: TrainingState, shard: number, workerId: string): GradientPush {
  const result = computeShardGradients(tf, state.config.model, state.params, dataset, shardEpisodes(state.config, dataset, state.step, shard));
  const tensors = shardResultToWire(result);
  tf.dispose([...Object.values(result.grads), ...Object.values(result.batchStats)]);
  return { job: state.config.job, step: state.step, shard, parameterVersion: state.step, workerId, episodes: result.episodes, loss: result.loss, accuracy: result.accuracy, tensors };
}
const snapshot = (state: TrainingState) => Object.fromEntries(Object.entries(state.params).map(([n, v]) => [n, Array.from(v.dataSync())]));

describe('StepAggregator', () => {
  it.each([1, 2, 4])('with %i workers, arrivals shuffled and duplicated, matches the reference trainer step for step', async (workers) => {
    const job = `equiv-${workers}-${Date.now()}`;
    const reference = initTrainingState(tf, spec(job));
    const distributed = initTrainingState(tf, spec(job));
    const aggregator = new StepAggregator(tf, distributed, new ShardLedger(redis, env.MATCHNET_KEY_PREFIX!));
    const rng = new Rng(`arrivals-${workers}`);
    for (let step = 0; step < 3; step++) {
      await trainReference(tf, reference, dataset, {}, step + 1);
      // Shard s is computed by worker s mod n; they arrive in a random order, some twice.
      const order = rng.sample(4, 4);
      const pushes = order.map((shard) => workerPush(distributed, shard, `w${shard % workers}`));
      const outcomes = [];
      for (const p of [...pushes.slice(0, 2), pushes[0]!, ...pushes.slice(2)]) outcomes.push((await aggregator.push(p)).outcome);
      expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(1);
      expect(aggregator.version).toBe(step + 1);
      // A retry of an applied step is acknowledged and ignored.
      expect((await aggregator.push(pushes[1]!)).outcome).toBe('duplicate');
      // Same float operations in the same order: bit-identical, not merely close.
      expect(snapshot(distributed)).toEqual(snapshot(reference));
    }
  }, 120_000);

  it('rejects stale, malformed and non-finite gradients with a typed reason, and keeps the slot free', async () => {
    const job = `reject-${Date.now()}`;
    const state = initTrainingState(tf, spec(job));
    const aggregator = new StepAggregator(tf, state, new ShardLedger(redis, env.MATCHNET_KEY_PREFIX!));
    const good = workerPush(state, 0, 'w0');
    const reason = async (p: GradientPush) => {
      try {
        await aggregator.push(p);
        return 'accepted';
      } catch (err) {
        expect(err).toBeInstanceOf(GradientRejected);
        return (err as GradientRejected).reason;
      }
    };
    expect(await reason({ ...good, step: 1, parameterVersion: 1 })).toBe('stale-version');
    expect(await reason({ ...good, parameterVersion: 5 })).toBe('stale-version');
    expect(await reason({ ...good, job: 'other' })).toBe('unknown-job');
    expect(await reason({ ...good, shard: 4 })).toBe('invalid-shard');
    expect(await reason({ ...good, tensors: good.tensors.slice(1) })).toBe('shape-mismatch');
    const reshaped = good.tensors.map((t, i) => (i === 0 ? { ...t, shape: [t.data.length] } : t));
    expect(await reason({ ...good, tensors: reshaped })).toBe('shape-mismatch');
    const poisoned = good.tensors.map((t, i) => (i === 3 ? { ...t, data: Float32Array.from(t.data, (v, j) => (j === 2 ? Number.NaN : v)) } : t));
    expect(await reason({ ...good, tensors: poisoned })).toBe('non-finite');
    // None of those took shard 0's slot: the good gradient is still accepted, once.
    expect((await aggregator.push(good)).outcome).toBe('accepted');
    expect((await aggregator.push(good)).outcome).toBe('duplicate');
  }, 60_000);
});
