export type Rotation = 0 | 90 | 180 | 270;
export const ROTATIONS: readonly Rotation[] = [0, 90, 180, 270];

/**
 * Rotates a square single-channel image counter-clockwise by `degrees`, as PIL's
 * Image.rotate does, writing into `out` at `offset`.
 */
export function rotateSquare(src: Float32Array, size: number, degrees: Rotation, out: Float32Array, offset = 0): void {
  const last = size - 1;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let sx: number;
      let sy: number;
      switch (degrees) {
        case 0:
          sx = x;
          sy = y;
          break;
        case 90:
          sx = last - y;
          sy = x;
          break;
        case 180:
          sx = last - x;
          sy = last - y;
          break;
        case 270:
          sx = y;
          sy = last - x;
          break;
      }
      out[offset + y * size + x] = src[sy * size + sx]!;
    }
  }
}
