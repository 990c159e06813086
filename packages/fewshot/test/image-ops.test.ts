import { describe, expect, it } from 'vitest';
import { packBits, packedBytes, resizeArea, Rng, rotateSquare, unpackBits, type Rotation } from '../src/index.js';

function randomImage(size: number, seed: string): Float32Array {
  const rng = new Rng(seed);
  return Float32Array.from({ length: size * size }, () => rng.nextUint32() / 2 ** 32);
}

describe('bit packing', () => {
  it('round-trips sizes that are not a multiple of eight', () => {
    const rng = new Rng('bits');
    const pixels = Uint8Array.from({ length: 105 * 105 }, () => rng.nextInt(2));
    const packed = new Uint8Array(packedBytes(105, 105) + 3);
    packBits(pixels, packed, 3);
    expect(packedBytes(105, 105)).toBe(1379);
    expect(unpackBits(packed, 3, pixels.length)).toEqual(pixels);
  });
});

describe('resizeArea', () => {
  it('averages exact blocks when the ratio is whole', () => {
    const src = Float32Array.from([1, 3, 0, 0, 5, 7, 0, 0, 0, 0, 2, 2, 0, 0, 2, 2]);
    expect(Array.from(resizeArea(src, 4, 4, 1, 2, 2))).toEqual([4, 0, 0, 2]);
  });

  it('keeps flat images flat and preserves the mean at 105 → 28', () => {
    const flat = new Float32Array(105 * 105).fill(0.25);
    for (const v of resizeArea(flat, 105, 105, 1, 28, 28)) expect(v).toBeCloseTo(0.25, 6);
    const img = randomImage(105, 'mean');
    const mean = (a: Float32Array) => a.reduce((s, v) => s + v, 0) / a.length;
    expect(mean(resizeArea(img, 105, 105, 1, 28, 28))).toBeCloseTo(mean(img), 5);
  });

  it('commutes with 90° rotations, so rotated classes can be made after resizing', () => {
    const img = randomImage(105, 'rot');
    for (const r of [90, 180, 270] as Rotation[]) {
      const rotatedFirst = new Float32Array(105 * 105);
      rotateSquare(img, 105, r, rotatedFirst);
      const a = resizeArea(rotatedFirst, 105, 105, 1, 28, 28);
      const b = new Float32Array(28 * 28);
      rotateSquare(resizeArea(img, 105, 105, 1, 28, 28), 28, r, b);
      for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(b[i]!, 5);
    }
  });

  it('resizes interleaved channels independently', () => {
    const rgb = new Float32Array(4 * 4 * 3);
    for (let i = 0; i < 16; i++) rgb.set([1, 0.5, 0], i * 3);
    expect(Array.from(resizeArea(rgb, 4, 4, 3, 1, 1))).toEqual([1, 0.5, 0]);
  });
});

describe('rotateSquare', () => {
  it('turns counter-clockwise, as PIL does', () => {
    // 1 2      2 4
    // 3 4  ->  1 3
    const out = new Float32Array(4);
    rotateSquare(Float32Array.from([1, 2, 3, 4]), 2, 90, out);
    expect(Array.from(out)).toEqual([2, 4, 1, 3]);
  });

  it('gives the identity after four quarter turns and matches 180 and 270', () => {
    const img = randomImage(7, 'turns');
    const turn = (x: Float32Array, r: Rotation) => {
      const out = new Float32Array(x.length);
      rotateSquare(x, 7, r, out);
      return out;
    };
    const once = turn(img, 90);
    expect(turn(once, 90)).toEqual(turn(img, 180));
    expect(turn(turn(once, 90), 90)).toEqual(turn(img, 270));
    expect(turn(turn(turn(once, 90), 90), 90)).toEqual(img);
  });
});
