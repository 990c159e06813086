/**
 * 1-bit images packed eight pixels a byte, most significant bit first, row-major with no
 * row padding. Omniglot's 105×105 drawings take 1,379 bytes each this way.
 */
export function packedBytes(width: number, height: number): number {
  return Math.ceil((width * height) / 8);
}

/** Packs pixels (any non-zero value is 1) into `out` at `offset`. */
export function packBits(pixels: ArrayLike<number>, out: Uint8Array, offset = 0): void {
  const bytes = Math.ceil(pixels.length / 8);
  out.fill(0, offset, offset + bytes);
  for (let i = 0; i < pixels.length; i++) {
    if (pixels[i]) out[offset + (i >> 3)]! |= 0x80 >> (i & 7);
  }
}

/** Unpacks `count` pixels starting at byte `offset` into 0/1 values. */
export function unpackBits(packed: Uint8Array, offset: number, count: number, out = new Uint8Array(count)): Uint8Array {
  for (let i = 0; i < count; i++) out[i] = (packed[offset + (i >> 3)]! >> (7 - (i & 7))) & 1;
  return out;
}
