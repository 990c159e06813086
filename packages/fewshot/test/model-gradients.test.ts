import { loadBackend, type Tf } from '@matchnet/backend';
import type { Scalar, Tensor1D, Tensor2D, Variable } from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  attentionLogits,
  classLogProbs,
  fceQuery,
  fceSupport,
  initAttention,
  initFce,
  nllAndAccuracy,
  type AttentionConfig,
} from '../src/index.js';
import { worstGradientError } from './support/finite-difference.js';

// The pure-JS backend: slow, but an independent reference for tiny shapes.
let tf: Tf;
beforeAll(async () => {
  ({ tf } = await loadBackend('cpu'));
});

const way = 3;
const d = 4;
function embeddings() {
  return {
    queries: tf.variable(tf.randomNormal([5, d], 0, 1, 'float32', 1)),
    support: tf.variable(tf.randomNormal([6, d], 0, 1, 'float32', 2)),
  };
}
const supportLabels = () => tf.tensor1d([0, 0, 1, 1, 2, 2], 'int32');
const queryLabels = () => tf.tensor1d([0, 1, 2, 1, 0], 'int32');

describe('finite-difference gradient checks on tiny shapes', () => {
  const kinds: AttentionConfig[] = [
    { kind: 'cosine', scale: 3, learnScale: true },
    { kind: 'cosine', scale: 3, learnScale: false },
    { kind: 'dot' },
    { kind: 'euclidean' },
    { kind: 'mlp', hidden: 5 },
  ];
  it.each(kinds.map((k) => [JSON.stringify(k), k] as const))('attention %s', (_, config) => {
    const e = embeddings();
    const params = initAttention(tf, config, d, 3);
    const loss = () =>
      tf.tidy(() => {
        const logits = attentionLogits(tf, config, params, e.queries as Tensor2D, e.support as Tensor2D);
        return nllAndAccuracy(tf, classLogProbs(tf, logits, tf.oneHot(supportLabels(), way) as Tensor2D), queryLabels()).loss;
      });
    const { worst, where } = worstGradientError(tf, loss, { ...e, ...params } as Record<string, Variable>);
    expect(worst, where).toBeLessThan(2e-2);
  });

  it('full context embeddings (BiLSTM g and attention-LSTM f)', () => {
    const e = embeddings();
    const fce = initFce(tf, d, 4);
    const config: AttentionConfig = { kind: 'cosine', scale: 3, learnScale: false };
    const loss = () =>
      tf.tidy(() => {
        const g = fceSupport(tf, fce, e.support as Tensor2D);
        const f = fceQuery(tf, fce, e.queries as Tensor2D, g, 2);
        return nllAndAccuracy(tf, classLogProbs(tf, attentionLogits(tf, config, {}, f, g), tf.oneHot(supportLabels(), way) as Tensor2D), queryLabels()).loss;
      });
    const { worst, where } = worstGradientError(tf, loss, { ...e, ...fce } as Record<string, Variable>, 3);
    expect(worst, where).toBeLessThan(2e-2);
  });
});

describe('the matching loss', () => {
  it('equals the log of the summed attention on the true class', () => {
    const logits = tf.tensor2d([[1, 2, 0.5, -1]]);
    const labels = tf.oneHot(tf.tensor1d([0, 1, 0, 1], 'int32'), 2) as Tensor2D;
    const got = classLogProbs(tf, logits, labels).arraySync()[0]!;
    const a = [1, 2, 0.5, -1].map(Math.exp);
    const z = a.reduce((s, v) => s + v, 0);
    expect(got[0]).toBeCloseTo(Math.log((a[0]! + a[2]!) / z), 5);
    expect(got[1]).toBeCloseTo(Math.log((a[1]! + a[3]!) / z), 5);
  });

  it('stays exact where log(p + 1e-8) would saturate', () => {
    // p(class 1) = e^-500 / (1 + e^-500): far below 1e-8, so log(p + 1e-8) would give −18.4.
    const logits = tf.tensor2d([[500, 0]]);
    const labels = tf.tensor2d([[1, 0], [0, 1]]);
    const got = classLogProbs(tf, logits, labels).arraySync()[0]!;
    expect(got[0]).toBeCloseTo(0, 5);
    expect(got[1]).toBeCloseTo(-500, 2);
    const loss = nllAndAccuracy(tf, classLogProbs(tf, logits, labels), tf.tensor1d([1], 'int32') as Tensor1D).loss as Scalar;
    expect(loss.dataSync()[0]).toBeCloseTo(500, 2);
  });
});
