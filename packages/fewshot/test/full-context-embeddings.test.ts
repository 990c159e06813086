import { loadBackend, type Tf } from '@matchnet/backend';
import type { Tensor2D } from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { fceQuery, fceSupport, initFce, type HeadParams } from '../src/index.js';

let tf: Tf;
beforeAll(async () => {
  ({ tf } = await loadBackend('cpu'));
});

// A plain-number transcription of the paper's appendix equations, independent of the library.
type Matrix = number[][];
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const vecMat = (v: number[], m: Matrix) => m[0]!.map((_, j) => v.reduce((s, vi, i) => s + vi * m[i]![j]!, 0));
const add = (a: number[], b: number[]) => a.map((v, i) => v + b[i]!);
function lstm(w: { kernel: Matrix; recurrent: Matrix; bias: number[] }, x: number[], state: number[], c: number[]) {
  const z = add(add(vecMat(x, w.kernel), vecMat(state, w.recurrent)), w.bias);
  const h = c.length;
  const gate = (k: number) => z.slice(k * h, (k + 1) * h);
  const cNext = c.map((cj, j) => sigmoid(gate(1)[j]!) * cj + sigmoid(gate(0)[j]!) * Math.tanh(gate(2)[j]!));
  return { h: cNext.map((cj, j) => sigmoid(gate(3)[j]!) * Math.tanh(cj)), c: cNext };
}
function softmax(v: number[]) {
  const m = Math.max(...v);
  const e = v.map((x) => Math.exp(x - m));
  const z = e.reduce((s, x) => s + x, 0);
  return e.map((x) => x / z);
}

function weightsOf(params: HeadParams, name: string) {
  return {
    kernel: params[`${name}/kernel`]!.arraySync() as Matrix,
    recurrent: params[`${name}/recurrent`]!.arraySync() as Matrix,
    bias: params[`${name}/bias`]!.arraySync() as number[],
  };
}

describe('Full Context Embeddings against a hand computation', () => {
  it('g is h→ + h← + g′ over the support sequence, f the K-step attention LSTM', () => {
    const d = 2;
    const support: Matrix = [
      [0.5, -1],
      [1.5, 0.25],
      [-0.75, 0.5],
    ];
    const queries: Matrix = [
      [0.1, 0.9],
      [-1, 0.3],
    ];
    const params = initFce(tf, d, 9);
    const g = fceSupport(tf, params, tf.tensor2d(support)).arraySync();
    const f = fceQuery(tf, params, tf.tensor2d(queries), tf.tensor2d(g) as Tensor2D, 3).arraySync();

    const run = (name: string, order: number[]) => {
      const w = weightsOf(params, name);
      let h = [0, 0];
      let c = [0, 0];
      const out: Matrix = [];
      for (const i of order) {
        ({ h, c } = lstm(w, support[i]!, h, c));
        out[i] = h;
      }
      return out;
    };
    const fwd = run('fce/g/forward', [0, 1, 2]);
    const bwd = run('fce/g/backward', [2, 1, 0]);
    const gExpected = support.map((x, i) => add(add(fwd[i]!, bwd[i]!), x));
    gExpected.forEach((row, i) => row.forEach((v, j) => expect(g[i]![j]).toBeCloseTo(v, 5)));

    const wf = weightsOf(params, 'fce/f');
    const readout = (h: number[]) => {
      const a = softmax(gExpected.map((gi) => gi.reduce((s, v, j) => s + v * h[j]!, 0)));
      return [0, 1].map((j) => a.reduce((s, ai, i) => s + ai * gExpected[i]![j]!, 0));
    };
    queries.forEach((x, qi) => {
      let h = [0, 0];
      let c = [0, 0];
      let r = readout(h);
      for (let k = 0; k < 3; k++) {
        const next = lstm(wf, x, [...h, ...r], c);
        h = add(next.h, x);
        c = next.c;
        r = readout(h);
      }
      h.forEach((v, j) => expect(f[qi]![j]).toBeCloseTo(v, 5));
    });
  });

  it('changes the embeddings, and its LSTM weights all receive gradients', () => {
    const d = 3;
    const params = initFce(tf, d, 2);
    const support = tf.randomNormal([4, d], 0, 1, 'float32', 5) as Tensor2D;
    const queries = tf.randomNormal([2, d], 0, 1, 'float32', 6) as Tensor2D;
    const g = fceSupport(tf, params, support);
    expect(tf.max(tf.abs(tf.sub(g, support))).dataSync()[0]).toBeGreaterThan(1e-3);
    const { grads } = tf.variableGrads(() => tf.sum(tf.square(fceQuery(tf, params, queries, fceSupport(tf, params, support), 2))) as never, Object.values(params));
    for (const [name, v] of Object.entries(params)) {
      expect(tf.max(tf.abs(grads[v.name]!)).dataSync()[0], name).toBeGreaterThan(0);
    }
  });
});
