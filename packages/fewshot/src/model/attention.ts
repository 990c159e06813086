import type * as tf from '@tensorflow/tfjs-core';
import type { AttentionConfig } from './model-config.js';

export type HeadParams = Record<string, tf.Variable>;

/** Parameters the attention kind owns, created deterministically from `seed`. */
export function initAttention(tfc: typeof tf, config: AttentionConfig, embeddingSize: number, seed: number): HeadParams {
  switch (config.kind) {
    case 'cosine':
      return config.learnScale ? { 'attention/log_scale': tfc.variable(tfc.scalar(Math.log(config.scale))) } : {};
    case 'mlp': {
      const std1 = Math.sqrt(2 / (2 * embeddingSize));
      return {
        'attention/mlp/w1': tfc.variable(tfc.randomNormal([2 * embeddingSize, config.hidden], 0, std1, 'float32', seed)),
        'attention/mlp/b1': tfc.variable(tfc.zeros([config.hidden])),
        'attention/mlp/w2': tfc.variable(tfc.randomNormal([config.hidden, 1], 0, Math.sqrt(1 / config.hidden), 'float32', seed + 1)),
        'attention/mlp/b2': tfc.variable(tfc.zeros([1])),
      };
    }
    default:
      return {};
  }
}

/**
 * Attention logits c(x̂, xᵢ): [queries, support]. A softmax over the support axis gives
 * a(x̂, xᵢ). Cosine needs its scale: unscaled, logits sit in [-1, 1] and training stalls.
 */
export function attentionLogits(tfc: typeof tf, config: AttentionConfig, params: HeadParams, queries: tf.Tensor2D, support: tf.Tensor2D): tf.Tensor2D {
  switch (config.kind) {
    case 'cosine': {
      const unit = (x: tf.Tensor2D) => tfc.div(x, tfc.add(tfc.norm(x, 'euclidean', 1, true), 1e-8)) as tf.Tensor2D;
      const cosine = tfc.matMul(unit(queries), unit(support), false, true);
      const scale = config.learnScale ? tfc.exp(params['attention/log_scale']!) : tfc.scalar(config.scale);
      return tfc.mul(cosine, scale) as tf.Tensor2D;
    }
    case 'dot':
      return tfc.matMul(queries, support, false, true);
    case 'euclidean': {
      // ‖q − s‖² = ‖q‖² − 2 q·s + ‖s‖², negated.
      const q2 = tfc.sum(tfc.square(queries), 1, true);
      const s2 = tfc.reshape(tfc.sum(tfc.square(support), 1), [1, -1]);
      return tfc.neg(tfc.add(tfc.sub(q2, tfc.mul(2, tfc.matMul(queries, support, false, true))), s2)) as tf.Tensor2D;
    }
    case 'mlp': {
      const [q, d] = queries.shape;
      const s = support.shape[0];
      const pairs = tfc.concat([tfc.tile(tfc.reshape(queries, [q, 1, d]), [1, s, 1]), tfc.tile(tfc.reshape(support, [1, s, d]), [q, 1, 1])], 2);
      const flat = tfc.reshape(pairs, [q * s, 2 * d]) as tf.Tensor2D;
      const hidden = tfc.relu(tfc.add(tfc.matMul(flat, params['attention/mlp/w1'] as tf.Tensor2D), params['attention/mlp/b1']!));
      const score = tfc.add(tfc.matMul(hidden as tf.Tensor2D, params['attention/mlp/w2'] as tf.Tensor2D), params['attention/mlp/b2']!);
      return tfc.reshape(score, [q, s]);
    }
  }
}
