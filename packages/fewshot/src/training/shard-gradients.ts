import type * as tf from '@tensorflow/tfjs-core';
import type { FewShotDataset } from '../data/dataset.js';
import type { EpisodeSpec } from '../episodes/episode-spec.js';
import { episodeTensors } from '../episodes/episode-tensors.js';
import type { RunningStats } from '../model/batch-norm-stats.js';
import { matchingNetForward, type ModelParams } from '../model/matching-network.js';
import type { MatchingNetConfig } from '../model/model-config.js';
import { averageNamed, type NamedTensors } from './gradient-ops.js';

export interface ShardResult {
  /** Gradient of the mean loss over the shard's episodes, per parameter. */
  grads: NamedTensors;
  /** Mean of the episodes' batch-norm moments. */
  batchStats: RunningStats;
  loss: number;
  accuracy: number;
  episodes: number;
}

/** What one shard computes for a step: the unit of work a worker does. The caller disposes the tensors. */
export function computeShardGradients(
  tfc: typeof tf,
  config: MatchingNetConfig,
  params: ModelParams,
  dataset: FewShotDataset,
  specs: EpisodeSpec[],
): ShardResult {
  if (specs.length === 0) throw new Error('a shard needs at least one episode');
  const episodeStats: RunningStats[] = [];
  const accuracies: tf.Scalar[] = [];
  const { value, grads } = tfc.variableGrads(() => {
    const losses = specs.map((spec) => {
      const episode = episodeTensors(tfc, dataset, spec);
      const out = matchingNetForward(tfc, config, params, episode, spec.way, 'train');
      for (const t of Object.values(out.batchStats)) tfc.keep(t);
      episodeStats.push(out.batchStats);
      accuracies.push(tfc.keep(out.accuracy));
      return out.loss;
    });
    return tfc.div(tfc.addN(losses), specs.length) as tf.Scalar;
  }, Object.values(params));
  // variableGrads keys gradients by TensorFlow's variable names; re-key them by ours.
  const byName: NamedTensors = {};
  for (const [name, variable] of Object.entries(params)) {
    const g = grads[variable.name];
    if (g) byName[name] = g;
  }
  const batchStats = averageNamed(tfc, episodeStats) as RunningStats;
  const accuracy = tfc.tidy(() => tfc.mean(tfc.stack(accuracies)).dataSync()[0]!);
  const loss = value.dataSync()[0]!;
  tfc.dispose([value, ...accuracies, ...episodeStats.flatMap((s) => Object.values(s))]);
  return { grads: byName, batchStats, loss, accuracy, episodes: specs.length };
}
