import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadBackend, type Tf } from '@matchnet/backend';
import { connectRedis, FileCheckpointStore, JobRegistry, loadServiceConfig, parseJobSpec } from '@matchnet/cluster';
import { disposeTrainingState, encodeCheckpoint, initTrainingState } from '@matchnet/fewshot';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CheckpointEvaluator, type EvaluationRecord } from '../src/checkpoint-evaluator.js';

const env = inject('services');
const spec = parseJobSpec({
  job: 'ckeval',
  model: { encoder: { depth: 2, width: 8 } },
  validation: { way: 5, shot: 1, query: 3, episodes: 12 },
  test: { episodes: 12, query: 3 },
});
let tf: Tf;
let redis: Redis;
let dir: string;
let store: FileCheckpointStore;
let registry: JobRegistry;

const recorder = () => {
  const seen: Array<{ record: EvaluationRecord; stored: boolean }> = [];
  return { seen, hooks: { onResult: (record: EvaluationRecord, stored: boolean) => void seen.push({ record, stored }) } };
};

beforeAll(async () => {
  ({ tf } = await loadBackend('tensorflow'));
  redis = await connectRedis(loadServiceConfig(env).MATCHNET_REDIS_URL);
  registry = new JobRegistry(redis, `${env.MATCHNET_KEY_PREFIX}-ckeval-${Date.now()}`);
  await registry.create(spec);
  dir = await mkdtemp(join(tmpdir(), 'matchnet-ckeval-'));
  store = new FileCheckpointStore(dir);
  // Three differently initialised networks stand in for three checkpoints of one run.
  for (const step of [1, 2, 3]) {
    const state = initTrainingState(tf, { ...spec, seed: 10 + step });
    state.step = step;
    await store.put(spec.job, step, await encodeCheckpoint(state));
    disposeTrainingState(tf, state);
  }
});
afterAll(async () => {
  await redis.quit();
  await rm(dir, { recursive: true, force: true });
});

describe('CheckpointEvaluator', () => {
  it('selects the best checkpoint by val only and tests it once, after the final checkpoint', async () => {
    const { seen, hooks } = recorder();
    const evaluator = new CheckpointEvaluator(tf, registry, store, hooks);
    for (const step of [1, 2]) expect((await evaluator.evaluate({ job: spec.job, step, final: false })).map((r) => r.split)).toEqual(['val']);
    const last = await evaluator.evaluate({ job: spec.job, step: 3, final: true });
    expect(last.map((r) => r.split)).toEqual(['val', 'test']);

    const val = seen.filter((s) => s.record.split === 'val').map((s) => s.record);
    expect(val.map((r) => r.step)).toEqual([1, 2, 3]);
    const bestStep = val.reduce((a, b) => (b.mean > a.mean ? b : a)).step;
    expect(await store.pointer(spec.job, 'best')).toBe(bestStep);
    const test = seen.filter((s) => s.record.split === 'test');
    expect(test).toHaveLength(1);
    expect(test[0]!.record).toMatchObject({ step: bestStep, way: 5, shot: 1, query: 3, episodes: 12 });
    expect(seen.every((s) => !s.stored)).toBe(true);
    // Each result is also written next to its checkpoint.
    expect(await store.getResult(spec.job, bestStep, 'eval-test')).toEqual(test[0]!.record);
  });

  it('republishes the stored val and test results of a finished job', async () => {
    await store.setPointer(spec.job, 'latest', 3);
    const { seen, hooks } = recorder();
    const found = await new CheckpointEvaluator(tf, registry, store, hooks).republish(spec.job);
    expect(found.map((r) => [r.split, r.step])).toEqual([
      ['val', 3],
      ['test', await store.pointer(spec.job, 'best')],
    ]);
    expect(seen.every((s) => s.stored)).toBe(true);
    expect(await new CheckpointEvaluator(tf, registry, store, hooks).republish('never-ran')).toEqual([]);
  });
});
