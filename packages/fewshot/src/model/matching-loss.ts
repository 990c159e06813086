import type * as tf from '@tensorflow/tfjs-core';

/** Stands in for log 0 in masks: far below any logit, yet finite so gradients stay finite. */
const LOG_ZERO = -1e9;

/**
 * log p(y = c | x̂) for each query and class, from attention logits over labelled items:
 * p(c | x̂) = Σᵢ a(x̂, xᵢ) yᵢc with a = softmax(logits). `labelWeights` [items, way] is
 * one-hot for support items and soft for transductive ones. Computed as
 * logsumexp(logitsᵢ + log yᵢc) − logsumexp(logitsᵢ), never as log(p + ε).
 */
export function classLogProbs(tfc: typeof tf, logits: tf.Tensor2D, labelWeights: tf.Tensor2D): tf.Tensor2D {
  const [q, s] = logits.shape;
  const way = labelWeights.shape[1];
  const logWeights = tfc.log(tfc.maximum(labelWeights, 1e-30));
  const masked = tfc.where(tfc.greater(labelWeights, 0), logWeights, tfc.fill(labelWeights.shape, LOG_ZERO));
  const joint = tfc.add(tfc.reshape(logits, [q, s, 1]), tfc.reshape(masked, [1, s, way]));
  const perClass = tfc.logSumExp(joint, 1);
  return tfc.sub(perClass, tfc.logSumExp(logits, 1, true)) as tf.Tensor2D;
}

/** Mean negative log-likelihood of the true classes, and the fraction predicted right. */
export function nllAndAccuracy(tfc: typeof tf, logProbs: tf.Tensor2D, labels: tf.Tensor1D): { loss: tf.Scalar; accuracy: tf.Scalar } {
  const way = logProbs.shape[1];
  const oneHot = tfc.oneHot(labels, way);
  const loss = tfc.neg(tfc.mean(tfc.sum(tfc.mul(logProbs, oneHot), 1))) as tf.Scalar;
  const accuracy = tfc.mean(tfc.cast(tfc.equal(tfc.argMax(logProbs, 1), labels), 'float32')) as tf.Scalar;
  return { loss, accuracy };
}
