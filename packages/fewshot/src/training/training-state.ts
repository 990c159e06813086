import type * as tf from '@tensorflow/tfjs-core';
import { updateRunningStats, type RunningStats } from '../model/batch-norm-stats.js';
import { initMatchingNet, type ModelParams } from '../model/matching-network.js';
import { Adam } from './adam.js';
import { averageNamed, clipByGlobalNorm } from './gradient-ops.js';
import { learningRateAt } from './learning-rate.js';
import type { ShardResult } from './shard-gradients.js';
import type { TrainingConfig } from './training-config.js';

/** What a run carries from step to step, and what a checkpoint holds. */
export interface TrainingState {
  config: TrainingConfig;
  params: ModelParams;
  stats: RunningStats;
  adam: Adam;
  /** Steps completed. */
  step: number;
  /** Best validation accuracy so far (model selection uses val only). */
  best: { step: number; accuracy: number; ci95: number } | null;
}

/** Step 0 of a run: fresh weights from the seed, or given ones (another run's), and a fresh Adam. */
export function initTrainingState(
  tfc: typeof tf,
  config: TrainingConfig,
  { params, stats }: { params: ModelParams; stats: RunningStats } = initMatchingNet(tfc, config.model, config.seed),
): TrainingState {
  return { config, params, stats, adam: new Adam(tfc, config.optimizer.adam), step: 0, best: null };
}

export interface StepSummary {
  step: number;
  loss: number;
  accuracy: number;
  learningRate: number;
  gradNorm: number;
  episodes: number;
}

/**
 * Completes a step from its shards' results, which must be in shard order: averages the
 * gradients and batch-norm moments in that order, clips, applies Adam and moves the
 * running statistics. The order fixes the float sums, so results do not depend on which
 * worker computed what or when it arrived. Disposes the shard results' tensors.
 */
export function applyStep(tfc: typeof tf, state: TrainingState, shards: ShardResult[]): StepSummary {
  const { config } = state;
  const learningRate = learningRateAt(config.optimizer.learningRate, config.optimizer.schedule, state.step);
  const mean = averageNamed(tfc, shards.map((s) => s.grads));
  const { grads, norm } = clipByGlobalNorm(tfc, mean, config.optimizer.clipNorm);
  state.adam.apply(state.params, grads, learningRate);
  const batchStats = averageNamed(tfc, shards.map((s) => s.batchStats)) as RunningStats;
  const stats = updateRunningStats(tfc, state.stats, batchStats, config.model.bnMomentum);
  tfc.dispose([
    ...Object.values(state.stats),
    ...Object.values(batchStats),
    ...Object.values(mean),
    ...(grads === mean ? [] : Object.values(grads)),
    ...shards.flatMap((s) => [...Object.values(s.grads), ...Object.values(s.batchStats)]),
  ]);
  state.stats = stats;
  state.step++;
  const episodes = shards.reduce((n, s) => n + s.episodes, 0);
  return {
    step: state.step,
    loss: shards.reduce((n, s) => n + s.loss * s.episodes, 0) / episodes,
    accuracy: shards.reduce((n, s) => n + s.accuracy * s.episodes, 0) / episodes,
    learningRate,
    gradNorm: norm,
    episodes,
  };
}

export function disposeTrainingState(tfc: typeof tf, state: TrainingState): void {
  tfc.dispose([...Object.values(state.params), ...Object.values(state.stats)]);
  state.adam.dispose();
}
