import type * as tf from '@tensorflow/tfjs-core';
import type { EpisodeTensors } from '../episodes/episode-tensors.js';
import { attentionLogits, initAttention, type HeadParams } from './attention.js';
import { encoderStats, initRunningStats, type RunningStats } from './batch-norm-stats.js';
import { conv4Forward, conv4OutputSize, initConv4 } from './conv4-encoder.js';
import { fceQuery, fceSupport, initFce } from './full-context-embeddings.js';
import { classLogProbs, nllAndAccuracy } from './matching-loss.js';
import type { MatchingNetConfig } from './model-config.js';

export type ModelParams = Record<string, tf.Variable>;

/** Encoder prefixes: one shared encoder, or f for queries and g for support. */
export function encoderPrefixes(config: MatchingNetConfig): { f: string; g: string } {
  return config.sharedEncoder ? { f: 'encoder', g: 'encoder' } : { f: 'encoder_f', g: 'encoder_g' };
}

export function embeddingSize(config: MatchingNetConfig): number {
  return conv4OutputSize(config.encoder, config.imageSize);
}

export function initMatchingNet(tfc: typeof tf, config: MatchingNetConfig, seed: number): { params: ModelParams; stats: RunningStats } {
  const { f, g } = encoderPrefixes(config);
  const prefixes = [...new Set([f, g])];
  const d = embeddingSize(config);
  const params: ModelParams = {};
  prefixes.forEach((prefix, i) => Object.assign(params, initConv4(tfc, config.encoder, seed + 1000 * i, prefix)));
  Object.assign(params, initAttention(tfc, config.attention, d, seed + 5000));
  if (config.fce.enabled) Object.assign(params, initFce(tfc, d, seed + 7000));
  return { params, stats: initRunningStats(tfc, config.encoder, prefixes) };
}

export interface ForwardResult {
  /** log p(class | query): [queries, way]. */
  logProbs: tf.Tensor2D;
  loss: tf.Scalar;
  accuracy: tf.Scalar;
  /** This episode's batch-norm moments, named like RunningStats (train mode only). */
  batchStats: RunningStats;
}

/** Suppresses a query's attention to itself when queries join the support. */
const SELF_MASK = -1e9;

/**
 * The Matching Network on one episode: embed, optionally add full context, attend, and score.
 * Train mode normalises with the episode's own statistics; eval mode with `stats`.
 */
export function matchingNetForward(
  tfc: typeof tf,
  config: MatchingNetConfig,
  params: ModelParams,
  episode: EpisodeTensors,
  way: number,
  mode: 'train' | 'eval',
  stats?: RunningStats,
): ForwardResult {
  const { f, g } = encoderPrefixes(config);
  const batchStats: RunningStats = {};
  const embed = (images: tf.Tensor4D, prefix: string) => {
    const out = conv4Forward(tfc, params, config.encoder, images, mode, mode === 'eval' ? encoderStats(stats!, config.encoder, prefix) : undefined, prefix);
    out.batchMoments.forEach((m, b) => {
      batchStats[`${prefix}/block${b}/mean`] = m.mean;
      batchStats[`${prefix}/block${b}/variance`] = m.variance;
    });
    return out.embedding;
  };
  if (mode === 'eval' && !stats) throw new Error('eval mode needs the running batch-norm statistics');

  let supportEmb: tf.Tensor2D;
  let queryEmb: tf.Tensor2D;
  const s = episode.support.shape[0];
  if (f === g) {
    // One pass over support and queries: in train mode the episode's statistics cover both.
    const all = embed(tfc.concat([episode.support, episode.query]) as tf.Tensor4D, f);
    supportEmb = tfc.slice(all, [0, 0], [s, -1]);
    queryEmb = tfc.slice(all, [s, 0], [-1, -1]);
  } else {
    supportEmb = embed(episode.support, g);
    queryEmb = embed(episode.query, f);
  }
  if (config.fce.enabled) {
    supportEmb = fceSupport(tfc, params as HeadParams, supportEmb);
    queryEmb = fceQuery(tfc, params as HeadParams, queryEmb, supportEmb, config.fce.processingSteps);
  }

  const supportOneHot = tfc.cast(tfc.oneHot(episode.supportLabels, way), 'float32') as tf.Tensor2D;
  const prototypical = config.mode === 'prototypical';
  // Class means, the prototypes: the hard-attention special case with one item per class.
  const prototypes = (weights: tf.Tensor2D, items: tf.Tensor2D) =>
    tfc.div(tfc.matMul(weights, items, true, false), tfc.reshape(tfc.sum(weights, 0), [way, 1])) as tf.Tensor2D;
  const eye = tfc.eye(way) as tf.Tensor2D;
  let logProbs = prototypical
    ? classLogProbs(tfc, attentionLogits(tfc, config.attention, params, queryEmb, prototypes(supportOneHot, supportEmb)), eye)
    : classLogProbs(tfc, attentionLogits(tfc, config.attention, params, queryEmb, supportEmb), supportOneHot);

  const q = queryEmb.shape[0];
  for (let t = 0; t < config.transductiveIterations; t++) {
    // Queries join the support, weighted by the current predictions of their classes.
    const soft = tfc.exp(logProbs) as tf.Tensor2D;
    const weights = tfc.concat([supportOneHot, soft]) as tf.Tensor2D;
    const items = tfc.concat([supportEmb, queryEmb]) as tf.Tensor2D;
    if (prototypical) {
      logProbs = classLogProbs(tfc, attentionLogits(tfc, config.attention, params, queryEmb, prototypes(weights, items)), eye);
    } else {
      const selfMask = tfc.concat([tfc.zeros([q, s]), tfc.mul(tfc.eye(q), SELF_MASK)], 1) as tf.Tensor2D;
      logProbs = classLogProbs(tfc, tfc.add(attentionLogits(tfc, config.attention, params, queryEmb, items), selfMask) as tf.Tensor2D, weights);
    }
  }
  const { loss, accuracy } = nllAndAccuracy(tfc, logProbs, episode.queryLabels);
  return { logProbs, loss, accuracy, batchStats };
}
