import { resizeArea } from './resize.js';

export interface Preprocessing {
  /** Output height and width (square). 28 for Omniglot by convention, 84 for miniImageNet. */
  size: number;
  /** Map v to 1 - v, so that Omniglot's ink is 1 and its background 0. */
  invert: boolean;
  /** Applied last, as (v - mean) / std. */
  normalize?: { mean: number; std: number };
}

export const OMNIGLOT_PREPROCESSING: Preprocessing = { size: 28, invert: true };

/** Resizes (area filter) values in [0, 1] to size × size, then inverts and normalises. */
export function preprocess(
  pixels: Float32Array,
  width: number,
  height: number,
  channels: number,
  options: Preprocessing,
): Float32Array {
  const out =
    width === options.size && height === options.size
      ? Float32Array.from(pixels)
      : resizeArea(pixels, width, height, channels, options.size, options.size);
  const { invert, normalize } = options;
  if (invert || normalize) {
    for (let i = 0; i < out.length; i++) {
      let v = invert ? 1 - out[i]! : out[i]!;
      if (normalize) v = (v - normalize.mean) / normalize.std;
      out[i] = v;
    }
  }
  return out;
}
