import type { Rotation } from './rotate.js';

/** One class of a split: what the episode sampler needs to know about it. */
export interface ClassInfo {
  /** Unique within the dataset, e.g. `Greek/character03/rot090`. */
  id: string;
  /** Classes sharing a group (an Omniglot alphabet) can be sampled together. */
  group: string;
  rotation: Rotation;
  /** Number of drawings (images) the class has. */
  drawings: number;
}

/** A labelled image collection with named splits, ready to turn episodes into pixels. */
export interface FewShotDataset {
  readonly name: string;
  /** Height, width, channels of every preprocessed image. */
  readonly imageShape: readonly [number, number, number];
  splitNames(): string[];
  split(name: string): readonly ClassInfo[];
  /** Decodes and preprocesses a split's images into the in-memory cache. */
  prepare(split: string): Promise<void>;
  /** Copies one preprocessed image into `out` at `offset`; the class's split must be prepared. */
  writeImage(classId: string, drawing: number, out: Float32Array, offset: number): void;
  /** Bytes held by the preprocessed-image cache. */
  cacheBytes(): number;
}
