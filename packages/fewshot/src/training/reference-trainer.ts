import type * as tf from '@tensorflow/tfjs-core';
import type { FewShotDataset } from '../data/dataset.js';
import { sampleEpisode } from '../episodes/episode-sampler.js';
import type { EpisodeSpec } from '../episodes/episode-spec.js';
import { evaluateModel } from '../evaluation/evaluate.js';
import type { AccuracySummary } from '../evaluation/accuracy-stats.js';
import { computeShardGradients } from './shard-gradients.js';
import type { TrainingConfig } from './training-config.js';
import { applyStep, type StepSummary, type TrainingState } from './training-state.js';

/** The episodes shard `shard` trains on at `step`: the same specs in the reference and distributed runs. */
export function shardEpisodes(config: TrainingConfig, dataset: FewShotDataset, step: number, shard: number): EpisodeSpec[] {
  const classes = dataset.split(config.train.split);
  return Array.from({ length: config.episodesPerShard }, (_, episode) =>
    sampleEpisode(classes, config.train.split, config.train, { seed: config.seed, job: config.job, step, shard, episode }),
  );
}

export interface TrainerHooks {
  onStep?(summary: StepSummary, millis: number): void;
  onValidation?(step: number, result: AccuracySummary, isBest: boolean): void | Promise<void>;
  /** Called every `checkpointEvery` steps and at the end. */
  onCheckpoint?(state: TrainingState): void | Promise<void>;
}

/**
 * The single-process reference: every shard of every step computed here in shard order.
 * The distributed system must reproduce its parameters step for step.
 */
export async function trainReference(
  tfc: typeof tf,
  state: TrainingState,
  dataset: FewShotDataset,
  hooks: TrainerHooks = {},
  until = state.config.steps,
): Promise<TrainingState> {
  const { config } = state;
  await dataset.prepare(config.train.split);
  while (state.step < until) {
    const started = performance.now();
    const shards = Array.from({ length: config.shardsPerStep }, (_, shard) =>
      computeShardGradients(tfc, config.model, state.params, dataset, shardEpisodes(config, dataset, state.step, shard)),
    );
    const summary = applyStep(tfc, state, shards);
    hooks.onStep?.(summary, performance.now() - started);
    const last = state.step === config.steps;
    if (config.validation.every > 0 && (state.step % config.validation.every === 0 || last)) {
      const result = await evaluateModel(tfc, config.model, state.params, state.stats, dataset, config.validation);
      const isBest = !state.best || result.mean > state.best.accuracy;
      if (isBest) state.best = { step: state.step, accuracy: result.mean, ci95: result.ci95 };
      await hooks.onValidation?.(state.step, result, isBest);
    }
    if ((config.checkpointEvery > 0 && state.step % config.checkpointEvery === 0) || last) await hooks.onCheckpoint?.(state);
  }
  return state;
}
