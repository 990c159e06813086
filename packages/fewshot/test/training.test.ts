import { loadBackend, type Tf } from '@matchnet/backend';
import type { Variable } from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  Adam,
  CheckpointError,
  decodeCheckpoint,
  encodeCheckpoint,
  initTrainingState,
  learningRateAt,
  MATCHING_NET_DEFAULT,
  matchingNetForward,
  openOmniglot,
  episodeTensors,
  sampleEpisode,
  summarizeAccuracies,
  trainReference,
  type OmniglotDataset,
  type TrainingConfig,
  type TrainingState,
} from '../src/index.js';

let tf: Tf;
let dataset: OmniglotDataset;
beforeAll(async () => {
  ({ tf } = await loadBackend('tensorflow'));
  dataset = await openOmniglot();
});

const config: TrainingConfig = {
  job: 'unit',
  seed: 3,
  model: { ...MATCHING_NET_DEFAULT, encoder: { depth: 2, width: 8, inChannels: 1 } },
  train: { split: 'val', way: 5, shot: 1, query: 2 },
  episodesPerShard: 2,
  shardsPerStep: 2,
  steps: 6,
  optimizer: { learningRate: 2e-3, schedule: { kind: 'step', every: 4, gamma: 0.5 }, clipNorm: 5, adam: { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } },
  validation: { split: 'val', way: 5, shot: 1, query: 5, episodes: 5, seed: 9, every: 3 },
  checkpointEvery: 3,
};
const snapshot = (state: TrainingState) => Object.fromEntries(Object.entries(state.params).map(([n, v]) => [n, Array.from(v.dataSync())]));

describe('Adam', () => {
  it('matches tf.train.adam step for step', () => {
    const ours = { w: tf.variable(tf.tensor1d([0.5, -1, 2])) };
    const theirs = tf.variable(tf.tensor1d([0.5, -1, 2]));
    const adam = new Adam(tf);
    const reference = tf.train.adam(0.01, 0.9, 0.999, 1e-8);
    for (let i = 0; i < 5; i++) {
      const g = tf.tensor1d([0.1 * i + 0.3, -0.2, 1.5 - i]);
      adam.apply(ours, { w: g }, 0.01);
      reference.applyGradients([{ name: theirs.name, tensor: g }]);
    }
    Array.from(ours.w.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(theirs.dataSync()[i]!, 6));
  });
});

describe('learning-rate schedule and accuracy statistics', () => {
  it('halves on schedule', () => {
    expect([0, 3, 4, 8].map((s) => learningRateAt(1, { kind: 'step', every: 4, gamma: 0.5 }, s))).toEqual([1, 1, 0.5, 0.25]);
  });
  it('gives mean ± 1.96·σ/√N over episodes', () => {
    const s = summarizeAccuracies([1, 0.8, 0.9, 0.7]);
    expect(s.mean).toBeCloseTo(0.85, 10);
    expect(s.std).toBeCloseTo(Math.sqrt(0.05 / 3), 10);
    expect(s.ci95).toBeCloseTo((1.96 * Math.sqrt(0.05 / 3)) / 2, 10);
  });
});

describe('the reference trainer', () => {
  it('is deterministic, and resuming from a checkpoint continues the same run', async () => {
    const full = await trainReference(tf, initTrainingState(tf, config), dataset);
    let saved: Awaited<ReturnType<typeof encodeCheckpoint>> | undefined;
    const first = await trainReference(tf, initTrainingState(tf, config), dataset, {
      async onCheckpoint(s) {
        if (s.step === 3) saved = await encodeCheckpoint(s);
      },
    }, 3);
    expect(first.step).toBe(3);
    // Through JSON and bytes, as a checkpoint store would carry it.
    const restored = decodeCheckpoint(JSON.parse(JSON.stringify(saved!.modelJson)), saved!.weights.slice(), 'memory');
    expect(restored.step).toBe(3);
    const resumed = await trainReference(tf, restored, dataset);
    expect(resumed.step).toBe(6);
    const a = snapshot(full);
    const b = snapshot(resumed);
    for (const name of Object.keys(a)) a[name]!.forEach((v, i) => expect(b[name]![i]).toBeCloseTo(v, 5));
    expect(full.best).not.toBeNull();
  });

  it('writes a checkpoint that tf.io reads and that predicts as the live model does', async () => {
    const state = await trainReference(tf, initTrainingState(tf, { ...config, steps: 2, validation: { ...config.validation, every: 0 } }), dataset);
    const { modelJson, weights } = await encodeCheckpoint(state);
    const manifest = modelJson.weightsManifest[0]!;
    expect(manifest.paths).toEqual(['weights.bin']);
    const decoded = tf.io.decodeWeights(weights.slice().buffer, manifest.weights);
    expect(Object.keys(decoded).filter((n) => n.startsWith('model/')).length).toBe(Object.keys(state.params).length);
    expect(Object.keys(decoded).some((n) => n.startsWith('bn/'))).toBe(true);
    expect(manifest.weights.filter((w) => w.group === 'optimizer').length).toBeGreaterThan(0);

    const restored = decodeCheckpoint(modelJson, weights, 'memory');
    const spec = sampleEpisode(dataset.split('val'), 'val', { way: 5, shot: 1, query: 3 }, { seed: 1, job: 'ck', step: 0, shard: 0, episode: 0 });
    const ep = episodeTensors(tf, dataset, spec);
    const live = matchingNetForward(tf, state.config.model, state.params, ep, 5, 'eval', state.stats).logProbs.arraySync();
    const back = matchingNetForward(tf, restored.config.model, restored.params, ep, 5, 'eval', restored.stats).logProbs.arraySync();
    expect(back).toEqual(live);
  });

  it('names what is wrong with a corrupt checkpoint', async () => {
    const state = initTrainingState(tf, config);
    const { modelJson, weights } = await encodeCheckpoint(state);
    expect(() => decodeCheckpoint(modelJson, weights.subarray(0, weights.length - 8), 'ck1')).toThrow(/checkpoint ck1 is unusable: weights\.bin is \d+ bytes, the manifest needs \d+/);
    const nan = weights.slice();
    new Float32Array(nan.buffer)[10] = Number.NaN;
    expect(() => decodeCheckpoint(modelJson, nan, 'ck2')).toThrow(/non-finite value at float 10/);
    expect(() => decodeCheckpoint({ format: 'something' }, weights, 'ck3')).toThrow(CheckpointError);
    const other = JSON.parse(JSON.stringify(modelJson));
    other.userDefinedMetadata.config.model.encoder.width = 16;
    expect(() => decodeCheckpoint(other, weights, 'ck4')).toThrow(/has shape \[3,3,1,8\], the config needs \[3,3,1,16\]/);
    Object.values(state.params).forEach((v: Variable) => v.dispose());
  });
});
