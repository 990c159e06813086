import { loadBackend, type Tf } from '@matchnet/backend';
import type { Tensor1D, Tensor2D, Tensor4D } from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  applyStep,
  computeShardGradients,
  episodeTensors,
  initMatchingNet,
  initTrainingState,
  MATCHING_NET_DEFAULT,
  matchingNetForward,
  openOmniglot,
  sampleEpisode,
  type EpisodeTensors,
  type MatchingNetConfig,
  type OmniglotDataset,
  type RunningStats,
  type TrainingConfig,
} from '../src/index.js';

let tf: Tf;
let dataset: OmniglotDataset;
beforeAll(async () => {
  ({ tf } = await loadBackend('tensorflow'));
  dataset = await openOmniglot();
  await dataset.prepare('val');
});

const tiny: MatchingNetConfig = { ...MATCHING_NET_DEFAULT, encoder: { depth: 2, width: 8, inChannels: 1 } };
const episode = (way: number, shot: number, query: number, n = 0): EpisodeTensors =>
  episodeTensors(tf, dataset, sampleEpisode(dataset.split('val'), 'val', { way, shot, query }, { seed: 3, job: 'model', step: n, shard: 0, episode: 0 }));
/** Running statistics that differ from any batch's, so eval mode is really exercised. */
function someStats(config: MatchingNetConfig): RunningStats {
  const { stats } = initMatchingNet(tf, config, 0);
  return Object.fromEntries(Object.entries(stats).map(([n, t], i) => [n, tf.add(t, tf.randomUniform(t.shape, 0, 0.2, 'float32', i)) as Tensor1D]));
}
const rowsSumToOne = (logProbs: Tensor2D) => (tf.sum(tf.exp(logProbs), 1) as Tensor1D).arraySync().forEach((s) => expect(s).toBeCloseTo(1, 4));

describe('every variant of the model', () => {
  const variants: Array<[string, Partial<MatchingNetConfig>]> = [
    ['cosine', {}],
    ['dot', { attention: { kind: 'dot' } }],
    ['euclidean', { attention: { kind: 'euclidean' } }],
    ['mlp relation', { attention: { kind: 'mlp', hidden: 16 } }],
    ['separate f and g encoders', { sharedEncoder: false }],
    ['FCE', { fce: { enabled: true, processingSteps: 3 } }],
    ['prototypical', { mode: 'prototypical', attention: { kind: 'euclidean' } }],
    ['transductive matching', { transductiveIterations: 2 }],
    ['transductive prototypical', { mode: 'prototypical', attention: { kind: 'euclidean' }, transductiveIterations: 2 }],
  ];
  it.each(variants)('%s: trains and predicts a distribution over the way', (_, overrides) => {
    const config = { ...tiny, ...overrides };
    const { params, stats } = initMatchingNet(tf, config, 1);
    const ep = episode(5, 2, 3);
    const train = matchingNetForward(tf, config, params, ep, 5, 'train');
    expect(train.logProbs.shape).toEqual([15, 5]);
    rowsSumToOne(train.logProbs);
    expect(Number.isFinite(train.loss.dataSync()[0])).toBe(true);
    expect(Object.keys(train.batchStats).sort()).toEqual(Object.keys(stats).sort());
    rowsSumToOne(matchingNetForward(tf, config, params, ep, 5, 'eval', stats).logProbs);
  });

  it('turning FCE on changes the predictions', () => {
    const ep = episode(5, 1, 2);
    const off = initMatchingNet(tf, tiny, 4);
    const onConfig = { ...tiny, fce: { enabled: true, processingSteps: 2 } };
    const on = initMatchingNet(tf, onConfig, 4);
    const a = matchingNetForward(tf, tiny, off.params, ep, 5, 'train').logProbs.arraySync();
    const b = matchingNetForward(tf, onConfig, on.params, ep, 5, 'train').logProbs.arraySync();
    expect(b).not.toEqual(a);
  });

  it('prototypical mode equals matching mode at one shot (prototypes are the support items)', () => {
    const ep = episode(5, 1, 3);
    const config = { ...tiny, attention: { kind: 'euclidean' } as const };
    const { params } = initMatchingNet(tf, config, 5);
    const matching = matchingNetForward(tf, config, params, ep, 5, 'train').logProbs.arraySync();
    const proto = matchingNetForward(tf, { ...config, mode: 'prototypical' }, params, ep, 5, 'train').logProbs.arraySync();
    matching.forEach((row, i) => row.forEach((v, j) => expect(proto[i]![j]).toBeCloseTo(v, 4)));
  });

  it('transductive refinement changes the predictions', () => {
    const ep = episode(5, 1, 3);
    const { params } = initMatchingNet(tf, tiny, 6);
    const plain = matchingNetForward(tf, tiny, params, ep, 5, 'train').logProbs.arraySync();
    const refined = matchingNetForward(tf, { ...tiny, transductiveIterations: 2 }, params, ep, 5, 'train').logProbs.arraySync();
    expect(refined).not.toEqual(plain);
  });
});

describe('batch norm in eval mode', () => {
  it.each([
    ['shared encoder', tiny],
    ['separate encoders with FCE', { ...tiny, sharedEncoder: false, fce: { enabled: true, processingSteps: 2 } }],
  ] as const)('%s: a query gets the same prediction alone, batched or permuted', (_, config) => {
    const { params } = initMatchingNet(tf, config, 7);
    const stats = someStats(config);
    const ep = episode(5, 1, 4);
    const all = matchingNetForward(tf, config, params, ep, 5, 'eval', stats).logProbs.arraySync();
    const q = ep.query.shape[0];
    for (const i of [0, 7, q - 1]) {
      const alone = { ...ep, query: tf.slice(ep.query, [i], [1]) as Tensor4D, queryLabels: tf.slice(ep.queryLabels, [i], [1]) as Tensor1D };
      const row = matchingNetForward(tf, config, params, alone, 5, 'eval', stats).logProbs.arraySync()[0]!;
      row.forEach((v, j) => expect(v).toBeCloseTo(all[i]![j]!, 4));
    }
    const reversed = { ...ep, query: tf.reverse(ep.query, 0) as Tensor4D, queryLabels: tf.reverse(ep.queryLabels, 0) as Tensor1D };
    const rev = matchingNetForward(tf, config, params, reversed, 5, 'eval', stats).logProbs.arraySync();
    rev.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(all[q - 1 - i]![j]!, 4)));
  });
});

describe('training steps', () => {
  it('leak no tensors over 1,000 steps', async () => {
    const config: TrainingConfig = {
      job: 'leak',
      seed: 1,
      model: { ...tiny, encoder: { depth: 2, width: 4, inChannels: 1 } },
      train: { split: 'val', way: 3, shot: 1, query: 1 },
      episodesPerShard: 1,
      shardsPerStep: 1,
      steps: 1000,
      optimizer: { learningRate: 1e-3, schedule: { kind: 'constant' }, clipNorm: 0.01, adam: { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } },
      validation: { split: 'val', way: 3, shot: 1, query: 1, episodes: 1, seed: 1, every: 0 },
      checkpointEvery: 0,
    };
    const state = initTrainingState(tf, config);
    const classes = dataset.split('val');
    let afterWarmup = 0;
    for (let step = 0; step < 1000; step++) {
      const shards = [0].map((shard) =>
        computeShardGradients(tf, config.model, state.params, dataset, [sampleEpisode(classes, 'val', config.train, { seed: 1, job: 'leak', step, shard, episode: 0 })]),
      );
      applyStep(tf, state, shards);
      if (step === 9) afterWarmup = tf.memory().numTensors;
    }
    expect(tf.memory().numTensors).toBe(afterWarmup);
  }, 600_000);
});
