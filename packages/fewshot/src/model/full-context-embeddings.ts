import type * as tf from '@tensorflow/tfjs-core';
import type { HeadParams } from './attention.js';
import { initLstm, lstmStep, type LstmWeights } from './lstm-cell.js';

/** The FCE LSTMs, each with hidden size = embedding size so the skip connections add up. */
export function initFce(tfc: typeof tf, d: number, seed: number): HeadParams {
  const params: HeadParams = {};
  for (const [name, w] of [
    ['fce/g/forward', initLstm(tfc, d, d, d, seed)],
    ['fce/g/backward', initLstm(tfc, d, d, d, seed + 10)],
    ['fce/f', initLstm(tfc, d, 2 * d, d, seed + 20)],
  ] as const) {
    for (const [part, v] of Object.entries(w)) params[`${name}/${part}`] = v;
  }
  return params;
}

const weights = (params: HeadParams, name: string): LstmWeights => ({
  kernel: params[`${name}/kernel`] as tf.Tensor2D,
  recurrent: params[`${name}/recurrent`] as tf.Tensor2D,
  bias: params[`${name}/bias`] as tf.Tensor1D,
});

/**
 * g(xᵢ, S) = h→ᵢ + h←ᵢ + g′(xᵢ): a bidirectional LSTM over the support sequence [s, d].
 * It sees the support set only, never the queries.
 */
export function fceSupport(tfc: typeof tf, params: HeadParams, support: tf.Tensor2D): tf.Tensor2D {
  const [s, d] = support.shape;
  const rows = tfc.unstack(support).map((r) => tfc.reshape(r, [1, d]) as tf.Tensor2D);
  const run = (name: string, order: number[]) => {
    const w = weights(params, name);
    let h = tfc.zeros([1, d]) as tf.Tensor2D;
    let c = tfc.zeros([1, d]) as tf.Tensor2D;
    const out: tf.Tensor2D[] = new Array(s);
    for (const i of order) {
      ({ h, c } = lstmStep(tfc, w, rows[i]!, h, c));
      out[i] = h;
    }
    return tfc.concat(out, 0) as tf.Tensor2D;
  };
  const indices = [...Array(s).keys()];
  return tfc.add(tfc.add(run('fce/g/forward', indices), run('fce/g/backward', indices.reverse())), support) as tf.Tensor2D;
}

/**
 * f(x̂, S): an attention LSTM unrolled for K processing steps over g(S) [s, d]:
 *   ĥₖ, cₖ = LSTM(f′(x̂), [hₖ₋₁, rₖ₋₁], cₖ₋₁);  hₖ = ĥₖ + f′(x̂);
 *   rₖ = Σᵢ softmax(hₖᵀ g(xᵢ)) g(xᵢ);  f = h_K,  starting from h₀ = c₀ = 0.
 */
export function fceQuery(tfc: typeof tf, params: HeadParams, queries: tf.Tensor2D, supportG: tf.Tensor2D, steps: number): tf.Tensor2D {
  const [q, d] = queries.shape;
  const w = weights(params, 'fce/f');
  const readout = (h: tf.Tensor2D) => tfc.matMul(tfc.softmax(tfc.matMul(h, supportG, false, true)), supportG) as tf.Tensor2D;
  let h = tfc.zeros([q, d]) as tf.Tensor2D;
  let c = tfc.zeros([q, d]) as tf.Tensor2D;
  let r = readout(h);
  for (let k = 0; k < steps; k++) {
    const next = lstmStep(tfc, w, queries, tfc.concat([h, r], 1) as tf.Tensor2D, c);
    h = tfc.add(next.h, queries) as tf.Tensor2D;
    c = next.c;
    r = readout(h);
  }
  return h;
}
