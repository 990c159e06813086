import type { Conv4Config } from './conv4-encoder.js';

export type AttentionConfig =
  /** Cosine similarity times a scale: fixed, or learned from `scale` as its start. */
  | { kind: 'cosine'; scale: number; learnScale: boolean }
  | { kind: 'dot' }
  /** Negative squared Euclidean distance. */
  | { kind: 'euclidean' }
  /** A relation module: MLP over the concatenated (query, support) pair → score. */
  | { kind: 'mlp'; hidden: number };

export interface MatchingNetConfig {
  encoder: Conv4Config;
  /** Side of the square input images. */
  imageSize: number;
  /** One encoder for queries (f) and support (g), or two. */
  sharedEncoder: boolean;
  attention: AttentionConfig;
  /** Full Context Embeddings (paper appendix): BiLSTM g over the support, attention-LSTM f with K steps. */
  fce: { enabled: boolean; processingSteps: number };
  /** `prototypical` attends over class means: the hard-attention special case. */
  mode: 'matching' | 'prototypical';
  /** Refinement passes in which query predictions join the support as soft-labelled items; 0 = off. */
  transductiveIterations: number;
  /** Weight of the new batch in the running batch-norm statistics. */
  bnMomentum: number;
}

export const MATCHING_NET_DEFAULT: MatchingNetConfig = {
  encoder: { depth: 4, width: 64, inChannels: 1 },
  imageSize: 28,
  sharedEncoder: true,
  attention: { kind: 'cosine', scale: 10, learnScale: true },
  fce: { enabled: false, processingSteps: 5 },
  mode: 'matching',
  transductiveIterations: 0,
  bnMomentum: 0.1,
};
