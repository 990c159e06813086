import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadBackend } from '@matchnet/backend';
import { FileCheckpointStore, loadCheckpoint } from '@matchnet/cluster';
import { disposeTrainingState, type TrainingState } from '@matchnet/fewshot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trainCommand } from '../src/commands/train.js';

const tiny = (job: string, learningRate: number) => ({
  job,
  seed: job.length,
  model: { encoder: { depth: 2, width: 8 } },
  train: { split: 'val', way: 5, shot: 1, query: 2 },
  steps: 2,
  optimizer: { learningRate, schedule: { kind: 'constant' } },
  validation: { every: 0 },
  checkpointEvery: 2,
});
const values = (s: TrainingState) => Object.values(s.params).flatMap((p) => Array.from(p.dataSync()));

let dir: string;
let store: FileCheckpointStore;
beforeAll(async () => {
  await loadBackend('tensorflow');
  dir = await mkdtemp(join(tmpdir(), 'matchnet-train-'));
  store = new FileCheckpointStore(dir);
  for (const [job, lr] of [['source', 1e-2], ['tuned', 1e-9]] as const) await writeFile(join(dir, `${job}.json`), JSON.stringify(tiny(job, lr)));
  expect(await trainCommand(['--spec', join(dir, 'source.json'), '--checkpoints', dir])).toBe(0);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('matchnet train --init-from', () => {
  it('starts a new run at step 0 from the source run’s weights', async () => {
    expect(await trainCommand(['--spec', join(dir, 'tuned.json'), '--checkpoints', dir, '--init-from', 'source:latest'])).toBe(0);
    const { tf } = await loadBackend('tensorflow');
    const source = await loadCheckpoint(store, 'source', 2);
    const tuned = await loadCheckpoint(store, 'tuned', 2);
    expect(tuned.step).toBe(2);
    expect(tuned.config.job).toBe('tuned');
    // Two Adam steps of 1e-9 move no weight by more than 2e-9; a fresh init would differ by far more.
    const [a, b] = [values(source), values(tuned)];
    expect(b).toHaveLength(a.length);
    expect(Math.max(...a.map((v, i) => Math.abs(v - b[i]!)))).toBeLessThan(1e-6);
    disposeTrainingState(tf, source);
    disposeTrainingState(tf, tuned);
  });

  it('names what is wrong with a bad reference or a model that does not fit', async () => {
    const spec = join(dir, 'tuned.json');
    await expect(trainCommand(['--spec', spec, '--checkpoints', dir, '--init-from', 'source'])).rejects.toThrow(/expected JOB@STEP, JOB:best or JOB:latest/);
    await expect(trainCommand(['--spec', spec, '--checkpoints', dir, '--init-from', 'source:best'])).rejects.toThrow(/job source has no best checkpoint/);
    await expect(trainCommand(['--spec', spec, '--checkpoints', dir, '--init-from', 'source@1'])).rejects.toThrow(/no checkpoint at .*source\/step-00000001/);
    await expect(trainCommand(['--spec', spec, '--set', 'model.encoder.width=16', '--checkpoints', dir, '--init-from', 'source@2'])).rejects.toThrow(/model options differ/);
    await expect(trainCommand(['--spec', spec, '--checkpoints', dir, '--resume', '--init-from', 'source@2'])).rejects.toThrow(/exclude each other/);
  });
});
