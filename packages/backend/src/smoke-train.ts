import type { Scalar, Tensor4D } from '@tensorflow/tfjs-core';
import type { Tf } from './load-backend.js';

/**
 * Trains a one-conv-layer net on a two-class toy problem (bright top half versus bright
 * bottom half) and returns the loss of every step. It exercises conv2d's forward and both
 * backward kernels plus Adam: a backend that can run it can train the real encoder.
 */
export function trainTinyConvNet(tf: Tf, steps = 20, seed = 7): number[] {
  const size = 8;
  const batch = 16;
  const { xs, ys } = tf.tidy(() => {
    const labels = tf.tensor1d(Array.from({ length: batch }, (_, i) => i % 2), 'int32');
    const top = tf.concat([tf.ones([size / 2, size]), tf.zeros([size / 2, size])]);
    const masks = tf.stack(Array.from({ length: batch }, (_, i) => (i % 2 === 0 ? top : tf.reverse(top, 0))));
    const noise = tf.randomUniform([batch, size, size], 0, 0.5, 'float32', seed);
    return { xs: tf.expandDims(tf.add(masks, noise), 3) as Tensor4D, ys: tf.oneHot(labels, 2) };
  });
  const kernel = tf.variable(tf.randomNormal([3, 3, 1, 4], 0, 0.3, 'float32', seed + 1));
  const dense = tf.variable(tf.randomNormal([4, 2], 0, 0.3, 'float32', seed + 2));
  const optimizer = tf.train.adam(0.05);
  const losses: number[] = [];
  try {
    for (let step = 0; step < steps; step++) {
      const loss = optimizer.minimize(() => {
        const features = tf.mean(tf.relu(tf.conv2d(xs, kernel as Tensor4D, 1, 'same')), [1, 2]);
        return tf.losses.softmaxCrossEntropy(ys, tf.matMul(features, dense)) as Scalar;
      }, true);
      losses.push(loss!.dataSync()[0]!);
      loss!.dispose();
    }
  } finally {
    tf.dispose([xs, ys, kernel, dense]);
    optimizer.dispose();
  }
  return losses;
}
