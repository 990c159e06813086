import type { Rotation } from '../data/rotate.js';

/** Where an episode sits in a training run; together with the seed it fixes the episode. */
export interface EpisodeId {
  seed: number;
  job: string;
  step: number;
  shard: number;
  episode: number;
}

export interface EpisodeShape {
  way: number;
  shot: number;
  /** Queries per class. */
  query: number;
  /** Draw all classes from one group (an Omniglot alphabet). */
  withinGroup?: boolean;
}

/**
 * A small, serialisable episode: which classes (index = label), and which drawings of
 * each, the first `shot` of them support and the rest queries. Queues carry these; a
 * worker turns them into tensors with the same dataset.
 */
export interface EpisodeSpec extends EpisodeShape {
  id: EpisodeId;
  split: string;
  classes: Array<{ id: string; rotation: Rotation; drawings: number[] }>;
}
