import type * as tf from '@tensorflow/tfjs-core';
import type { FewShotDataset } from '../data/dataset.js';
import { sampleEpisode } from '../episodes/episode-sampler.js';
import { episodeTensors } from '../episodes/episode-tensors.js';
import type { RunningStats } from '../model/batch-norm-stats.js';
import { matchingNetForward, type ModelParams } from '../model/matching-network.js';
import type { MatchingNetConfig } from '../model/model-config.js';
import type { EvaluationSettings } from '../training/training-config.js';
import { summarizeAccuracies, type AccuracySummary } from './accuracy-stats.js';

/**
 * The standard protocol: `episodes` episodes (1000 for Omniglot) from a fixed seed, the
 * model in eval mode (running batch-norm statistics), accuracy per episode, then mean ± CI.
 * The episode ids use job "eval/<split>", so evaluation never shares episodes with training.
 */
export async function evaluateModel(
  tfc: typeof tf,
  config: MatchingNetConfig,
  params: ModelParams,
  stats: RunningStats,
  dataset: FewShotDataset,
  settings: EvaluationSettings,
): Promise<AccuracySummary & { perEpisode: number[] }> {
  await dataset.prepare(settings.split);
  const classes = dataset.split(settings.split);
  const perEpisode: number[] = [];
  for (let e = 0; e < settings.episodes; e++) {
    // Yield between episodes, so that a long evaluation leaves the caller's timers and I/O
    // (metrics scrapes, heartbeats) running.
    await new Promise((resolve) => setImmediate(resolve));
    const spec = sampleEpisode(classes, settings.split, settings, { seed: settings.seed, job: `eval/${settings.split}`, step: 0, shard: 0, episode: e });
    perEpisode.push(
      tfc.tidy(() => {
        const episode = episodeTensors(tfc, dataset, spec);
        return matchingNetForward(tfc, config, params, episode, spec.way, 'eval', stats).accuracy.dataSync()[0]!;
      }),
    );
  }
  return { ...summarizeAccuracies(perEpisode), perEpisode };
}
