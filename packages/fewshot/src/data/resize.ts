/**
 * Area-averaging resize (the filter of OpenCV's INTER_AREA and PIL's BOX): each output
 * pixel is the mean of the input over its footprint, with partial pixels weighted by
 * coverage. It anti-aliases downsampling, is exact for flat regions, and commutes with
 * 90° rotations of square images, so rotated classes can be derived after resizing.
 * Works on interleaved channels.
 */
export function resizeArea(
  src: Float32Array,
  srcWidth: number,
  srcHeight: number,
  channels: number,
  dstWidth: number,
  dstHeight: number,
): Float32Array {
  const xWeights = footprintWeights(srcWidth, dstWidth);
  const yWeights = footprintWeights(srcHeight, dstHeight);
  // Separable: rows first into a dstWidth × srcHeight buffer, then columns.
  const rows = new Float32Array(dstWidth * srcHeight * channels);
  for (let y = 0; y < srcHeight; y++) {
    for (let x = 0; x < dstWidth; x++) {
      const { start, weights } = xWeights[x]!;
      for (let c = 0; c < channels; c++) {
        let sum = 0;
        for (let k = 0; k < weights.length; k++) sum += weights[k]! * src[((y * srcWidth) + start + k) * channels + c]!;
        rows[(y * dstWidth + x) * channels + c] = sum;
      }
    }
  }
  const out = new Float32Array(dstWidth * dstHeight * channels);
  for (let y = 0; y < dstHeight; y++) {
    const { start, weights } = yWeights[y]!;
    for (let x = 0; x < dstWidth; x++) {
      for (let c = 0; c < channels; c++) {
        let sum = 0;
        for (let k = 0; k < weights.length; k++) sum += weights[k]! * rows[((start + k) * dstWidth + x) * channels + c]!;
        out[(y * dstWidth + x) * channels + c] = sum;
      }
    }
  }
  return out;
}

interface Footprint {
  start: number;
  weights: Float64Array;
}

/** For each output index, the covered input indices and their normalised coverage. */
function footprintWeights(srcSize: number, dstSize: number): Footprint[] {
  const scale = srcSize / dstSize;
  return Array.from({ length: dstSize }, (_, i) => {
    const lo = i * scale;
    const hi = (i + 1) * scale;
    const start = Math.floor(lo);
    const end = Math.min(srcSize, Math.ceil(hi));
    const weights = new Float64Array(end - start);
    for (let j = start; j < end; j++) weights[j - start] = (Math.min(hi, j + 1) - Math.max(lo, j)) / scale;
    return { start, weights };
  });
}
