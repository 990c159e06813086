import type * as tf from '@tensorflow/tfjs-core';

/** The conv-4 embedding of Vinyals et al.: depth × [3×3 conv, batch norm, ReLU, 2×2 max-pool]. */
export interface Conv4Config {
  depth: number;
  /** Filters per block. */
  width: number;
  inChannels: number;
}

export const CONV4_DEFAULT: Conv4Config = { depth: 4, width: 64, inChannels: 1 };

/** Batch-norm running statistics, kept outside the layers so they can be averaged across shards. */
export interface BatchNormState {
  mean: tf.Tensor1D[];
  variance: tf.Tensor1D[];
}

export type Conv4Params = Record<string, tf.Variable>;

/** Embedding length for a square input: each block halves the side, flooring. */
export function conv4OutputSize(config: Conv4Config, inputSize: number): number {
  let side = inputSize;
  for (let i = 0; i < config.depth; i++) side = Math.floor(side / 2);
  return side * side * config.width;
}

/** He-normal conv kernels, zero biases, unit BN scales, zero BN shifts; deterministic from `seed`. */
export function initConv4(tfc: typeof tf, config: Conv4Config, seed: number, prefix = 'encoder'): Conv4Params {
  const params: Conv4Params = {};
  let inC = config.inChannels;
  for (let b = 0; b < config.depth; b++) {
    const std = Math.sqrt(2 / (9 * inC));
    // Names live in the map, not in TensorFlow's global variable registry, so that
    // several models (a trainer and an evaluator's checkpoint) can share a process.
    params[`${prefix}/block${b}/kernel`] = tfc.variable(tfc.randomNormal([3, 3, inC, config.width], 0, std, 'float32', seed * 101 + b));
    params[`${prefix}/block${b}/bias`] = tfc.variable(tfc.zeros([config.width]));
    params[`${prefix}/block${b}/gamma`] = tfc.variable(tfc.ones([config.width]));
    params[`${prefix}/block${b}/beta`] = tfc.variable(tfc.zeros([config.width]));
    inC = config.width;
  }
  return params;
}

export interface Conv4Output {
  /** [batch, embedding]. */
  embedding: tf.Tensor2D;
  /** Per-block batch moments in train mode (for the running statistics); empty in eval mode. */
  batchMoments: Array<{ mean: tf.Tensor1D; variance: tf.Tensor1D }>;
}

const BN_EPSILON = 1e-5;

/**
 * Train mode normalises with the batch's own moments; eval mode with `running`, so an
 * image's embedding does not depend on what else is in the batch.
 */
export function conv4Forward(
  tfc: typeof tf,
  params: Conv4Params,
  config: Conv4Config,
  images: tf.Tensor4D,
  mode: 'train' | 'eval',
  running?: BatchNormState,
  prefix = 'encoder',
): Conv4Output {
  let x: tf.Tensor4D = images;
  const batchMoments: Conv4Output['batchMoments'] = [];
  for (let b = 0; b < config.depth; b++) {
    const p = (n: string) => params[`${prefix}/block${b}/${n}`]!;
    const conv = tfc.add(tfc.conv2d(x, p('kernel') as tf.Tensor4D, 1, 'same'), p('bias')) as tf.Tensor4D;
    let mean: tf.Tensor1D;
    let variance: tf.Tensor1D;
    if (mode === 'train') {
      const moments = tfc.moments(conv, [0, 1, 2]);
      mean = moments.mean as tf.Tensor1D;
      variance = moments.variance as tf.Tensor1D;
      batchMoments.push({ mean, variance });
    } else {
      if (!running) throw new Error('eval mode needs the batch-norm running statistics');
      mean = running.mean[b]!;
      variance = running.variance[b]!;
    }
    const normed = tfc.batchNorm(conv, mean, variance, p('beta') as tf.Tensor1D, p('gamma') as tf.Tensor1D, BN_EPSILON);
    x = tfc.maxPool(tfc.relu(normed), 2, 2, 'valid');
  }
  return { embedding: tfc.reshape(x, [x.shape[0], -1]) as tf.Tensor2D, batchMoments };
}
