import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadBackend, type Tf } from '@matchnet/backend';
import { connectRedis, FileCheckpointStore, JobRegistry, loadServiceConfig, parseJobSpec } from '@matchnet/cluster';
import { disposeTrainingState, encodeCheckpoint, initTrainingState } from '@matchnet/fewshot';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CheckpointEvaluator, type EvaluationRecord } from '../src/checkpoint-evaluator.js';
import { storedResults } from '../src/stored-results.js';

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
    const evaluator = new CheckpointEvaluator(tf, registry, store);
    const seen: EvaluationRecord[] = [];
    for (const step of [1, 2]) {
      const records = await evaluator.evaluate({ job: spec.job, step, final: false });
      expect(records.map((r) => r.split)).toEqual(['val']);
      seen.push(...records);
    }
    const last = await evaluator.evaluate({ job: spec.job, step: 3, final: true });
    expect(last.map((r) => r.split)).toEqual(['val', 'test']);
    seen.push(...last);

    const val = seen.filter((r) => r.split === 'val');
    expect(val.map((r) => r.step)).toEqual([1, 2, 3]);
    const bestStep = val.reduce((a, b) => (b.mean > a.mean ? b : a)).step;
    expect(await store.pointer(spec.job, 'best')).toBe(bestStep);
    const test = last[1]!;
    expect(test).toMatchObject({ split: 'test', step: bestStep, way: 5, shot: 1, query: 3, episodes: 12 });
    // Each result is also written next to its checkpoint.
    expect(await store.getResult(spec.job, bestStep, 'eval-test')).toEqual(test);
    expect(await store.getResult(spec.job, 3, 'eval-val')).toEqual(last[0]);
  });

  it('finds the stored val and test results of a finished job', async () => {
    await store.setPointer(spec.job, 'latest', 3);
    const found = await storedResults(store, spec.job);
    expect(found.map((r) => [r.split, r.step])).toEqual([
      ['val', 3],
      ['test', await store.pointer(spec.job, 'best')],
    ]);
    expect(await storedResults(store, 'never-ran')).toEqual([]);
  });
});
