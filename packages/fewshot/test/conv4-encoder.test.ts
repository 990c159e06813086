import { loadBackend, type Tf } from '@matchnet/backend';
import type { Tensor4D } from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { CONV4_DEFAULT, conv4Forward, conv4OutputSize, initConv4 } from '../src/index.js';

let tf: Tf;
beforeAll(async () => {
  ({ tf } = await loadBackend('tensorflow'));
});

describe('conv-4 encoder', () => {
  it('maps 28×28 to 64 and 84×84 to 1600 dimensions', () => {
    expect(conv4OutputSize(CONV4_DEFAULT, 28)).toBe(64);
    expect(conv4OutputSize({ ...CONV4_DEFAULT, inChannels: 3 }, 84)).toBe(1600);
    const params = initConv4(tf, { ...CONV4_DEFAULT, inChannels: 3 }, 1);
    const out = conv4Forward(tf, params, { ...CONV4_DEFAULT, inChannels: 3 }, tf.randomUniform([2, 84, 84, 3]) as Tensor4D, 'train');
    expect(out.embedding.shape).toEqual([2, 1600]);
    expect(out.batchMoments).toHaveLength(4);
  });

  it('in eval mode, embeds each image the same whatever else is in the batch', () => {
    const params = initConv4(tf, CONV4_DEFAULT, 2);
    const running = {
      mean: Array.from({ length: 4 }, (_, i) => tf.randomUniform([64], -0.1, 0.1, 'float32', i) as never),
      variance: Array.from({ length: 4 }, (_, i) => tf.randomUniform([64], 0.5, 1.5, 'float32', 10 + i) as never),
    };
    const images = tf.randomUniform([6, 28, 28, 1], 0, 1, 'float32', 3) as Tensor4D;
    const all = conv4Forward(tf, params, CONV4_DEFAULT, images, 'eval', running).embedding.arraySync();
    const one = conv4Forward(tf, params, CONV4_DEFAULT, tf.slice(images, [4], [1]) as Tensor4D, 'eval', running).embedding.arraySync();
    const permuted = conv4Forward(tf, params, CONV4_DEFAULT, tf.reverse(images, 0) as Tensor4D, 'eval', running).embedding.arraySync();
    for (let j = 0; j < 64; j++) {
      expect(one[0]![j]).toBeCloseTo(all[4]![j]!, 5);
      expect(permuted[1]![j]).toBeCloseTo(all[4]![j]!, 5);
    }
    // In train mode the batch's own statistics are used, so the same image embeds differently.
    const trainAll = conv4Forward(tf, params, CONV4_DEFAULT, images, 'train').embedding.arraySync();
    const trainPair = conv4Forward(tf, params, CONV4_DEFAULT, tf.slice(images, [3], [2]) as Tensor4D, 'train').embedding.arraySync();
    expect(trainPair[1]).not.toEqual(trainAll[4]);
  });

  it('refuses eval mode without running statistics', () => {
    const params = initConv4(tf, CONV4_DEFAULT, 3);
    expect(() => conv4Forward(tf, params, CONV4_DEFAULT, tf.zeros([1, 28, 28, 1]) as Tensor4D, 'eval')).toThrow(/running statistics/);
  });
});
