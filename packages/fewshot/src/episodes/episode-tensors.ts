import type * as tf from '@tensorflow/tfjs-core';
import type { FewShotDataset } from '../data/dataset.js';
import { episodeArrays } from './episode-arrays.js';
import type { EpisodeSpec } from './episode-spec.js';

export interface EpisodeTensors {
  support: tf.Tensor4D;
  supportLabels: tf.Tensor1D;
  query: tf.Tensor4D;
  queryLabels: tf.Tensor1D;
}

/** The episode as tensors on the active backend; the caller disposes them. */
export function episodeTensors(tfc: typeof tf, dataset: FewShotDataset, spec: EpisodeSpec): EpisodeTensors {
  const a = episodeArrays(dataset, spec);
  const [h, w, c] = a.imageShape;
  return {
    support: tfc.tensor4d(a.support, [a.supportLabels.length, h, w, c]),
    supportLabels: tfc.tensor1d(a.supportLabels, 'int32'),
    query: tfc.tensor4d(a.query, [a.queryLabels.length, h, w, c]),
    queryLabels: tfc.tensor1d(a.queryLabels, 'int32'),
  };
}
