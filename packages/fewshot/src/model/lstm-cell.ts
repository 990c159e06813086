import type * as tf from '@tensorflow/tfjs-core';

/** Weights of one LSTM cell: input kernel [in, 4h], recurrent kernel [state, 4h], bias [4h]; gates i, f, g, o. */
export interface LstmWeights {
  kernel: tf.Tensor2D;
  recurrent: tf.Tensor2D;
  bias: tf.Tensor1D;
}

export function initLstm(tfc: typeof tf, inputSize: number, stateSize: number, hidden: number, seed: number): Record<'kernel' | 'recurrent' | 'bias', tf.Variable> {
  const glorot = (fanIn: number) => Math.sqrt(2 / (fanIn + 4 * hidden));
  // A forget-gate bias of 1 keeps early gradients flowing through the cell state.
  const bias = new Float32Array(4 * hidden);
  bias.fill(1, hidden, 2 * hidden);
  return {
    kernel: tfc.variable(tfc.randomNormal([inputSize, 4 * hidden], 0, glorot(inputSize), 'float32', seed)),
    recurrent: tfc.variable(tfc.randomNormal([stateSize, 4 * hidden], 0, glorot(stateSize), 'float32', seed + 1)),
    bias: tfc.variable(tfc.tensor1d(bias)),
  };
}

/**
 * One step for a batch: x [b, in], state [b, stateSize], c [b, h] → (h', c').
 * The state fed back need not be h itself: the attention LSTM feeds [h, r].
 */
export function lstmStep(tfc: typeof tf, w: LstmWeights, x: tf.Tensor2D, state: tf.Tensor2D, c: tf.Tensor2D): { h: tf.Tensor2D; c: tf.Tensor2D } {
  const z = tfc.add(tfc.add(tfc.matMul(x, w.kernel), tfc.matMul(state, w.recurrent)), w.bias) as tf.Tensor2D;
  const [i, f, g, o] = tfc.split(z, 4, 1) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
  const cNext = tfc.add(tfc.mul(tfc.sigmoid(f), c), tfc.mul(tfc.sigmoid(i), tfc.tanh(g))) as tf.Tensor2D;
  const hNext = tfc.mul(tfc.sigmoid(o), tfc.tanh(cNext)) as tf.Tensor2D;
  return { h: hNext, c: cNext };
}
