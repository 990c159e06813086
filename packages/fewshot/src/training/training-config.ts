import type { EpisodeShape } from '../episodes/episode-spec.js';
import type { MatchingNetConfig } from '../model/model-config.js';
import type { AdamConfig } from './adam.js';
import type { LearningRateSchedule } from './learning-rate.js';

export interface EvaluationSettings extends EpisodeShape {
  split: string;
  episodes: number;
  seed: number;
}

/** Everything that fixes a training run; the same object drives the reference and distributed runs. */
export interface TrainingConfig {
  job: string;
  seed: number;
  model: MatchingNetConfig;
  train: EpisodeShape & { split: string };
  /** Episodes each shard draws per step, with ids (seed, job, step, shard, 0..n−1). */
  episodesPerShard: number;
  shardsPerStep: number;
  steps: number;
  optimizer: { learningRate: number; schedule: LearningRateSchedule; clipNorm: number | null; adam: AdamConfig };
  /** Validation for model selection (val split only), every `every` steps. */
  validation: EvaluationSettings & { every: number };
  checkpointEvery: number;
}
