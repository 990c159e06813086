import type { FewShotDataset } from '../data/dataset.js';
import type { EpisodeSpec } from './episode-spec.js';

/** An episode's pixels and labels, laid out NHWC, support and query ordered by label. */
export interface EpisodeArrays {
  support: Float32Array;
  supportLabels: Int32Array;
  query: Float32Array;
  queryLabels: Int32Array;
  /** [height, width, channels] of one image. */
  imageShape: readonly [number, number, number];
}

/** Fills the arrays from the dataset's cache; the episode's split must be prepared. */
export function episodeArrays(dataset: FewShotDataset, spec: EpisodeSpec): EpisodeArrays {
  const [h, w, c] = dataset.imageShape;
  const imageLength = h * w * c;
  const way = spec.classes.length;
  const support = new Float32Array(way * spec.shot * imageLength);
  const query = new Float32Array(way * spec.query * imageLength);
  const supportLabels = new Int32Array(way * spec.shot);
  const queryLabels = new Int32Array(way * spec.query);
  spec.classes.forEach((cls, label) => {
    if (cls.drawings.length !== spec.shot + spec.query) {
      throw new RangeError(`episode class ${cls.id} has ${cls.drawings.length} drawings, expected shot+query=${spec.shot + spec.query}`);
    }
    cls.drawings.forEach((drawing, j) => {
      const isSupport = j < spec.shot;
      const row = isSupport ? label * spec.shot + j : label * spec.query + (j - spec.shot);
      dataset.writeImage(cls.id, drawing, isSupport ? support : query, row * imageLength);
      (isSupport ? supportLabels : queryLabels)[row] = label;
    });
  });
  return { support, supportLabels, query, queryLabels, imageShape: dataset.imageShape };
}
