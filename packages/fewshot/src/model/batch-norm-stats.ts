import type * as tf from '@tensorflow/tfjs-core';
import type { BatchNormState, Conv4Config } from './conv4-encoder.js';

/**
 * Running batch-norm statistics as plain named tensors (`<encoder>/block<b>/mean|variance`),
 * outside the model's trainable parameters, so that shards can average them and
 * checkpoints can carry them.
 */
export type RunningStats = Record<string, tf.Tensor1D>;

export function initRunningStats(tfc: typeof tf, config: Conv4Config, prefixes: string[]): RunningStats {
  const stats: RunningStats = {};
  for (const prefix of prefixes) {
    for (let b = 0; b < config.depth; b++) {
      stats[`${prefix}/block${b}/mean`] = tfc.zeros([config.width]) as tf.Tensor1D;
      stats[`${prefix}/block${b}/variance`] = tfc.ones([config.width]) as tf.Tensor1D;
    }
  }
  return stats;
}

export function encoderStats(stats: RunningStats, config: Conv4Config, prefix: string): BatchNormState {
  const pick = (kind: string) =>
    Array.from({ length: config.depth }, (_, b) => {
      const t = stats[`${prefix}/block${b}/${kind}`];
      if (!t) throw new Error(`running statistics lack ${prefix}/block${b}/${kind}`);
      return t;
    });
  return { mean: pick('mean'), variance: pick('variance') };
}

/** running ← (1 − momentum)·running + momentum·batch, for every named statistic; returns new tensors. */
export function updateRunningStats(tfc: typeof tf, running: RunningStats, batch: RunningStats, momentum: number): RunningStats {
  return tfc.tidy(() => {
    const next: RunningStats = {};
    for (const [name, value] of Object.entries(running)) {
      const observed = batch[name];
      if (!observed) throw new Error(`batch statistics lack ${name}`);
      next[name] = tfc.add(tfc.mul(value, 1 - momentum), tfc.mul(observed, momentum)) as tf.Tensor1D;
    }
    return next;
  });
}
