/**
 * Preprocessed images kept in memory, one contiguous Float32Array per cache key
 * (an Omniglot character or an image-folder class), all images of a key back to back.
 */
export class ClassImageCache {
  private readonly entries = new Map<string, Float32Array>();

  constructor(private readonly imageLength: number) {}

  has(key: string): boolean {
    return this.entries.has(key);
  }

  set(key: string, images: Float32Array): void {
    if (images.length % this.imageLength !== 0) throw new Error(`cache entry ${key} is not a whole number of images`);
    this.entries.set(key, images);
  }

  /** The `index`-th image of `key`, as a view. */
  image(key: string, index: number, what: string): Float32Array {
    const images = this.entries.get(key);
    if (!images) throw new Error(`${what} is not prepared: call prepare() on its split first`);
    if (index < 0 || (index + 1) * this.imageLength > images.length) {
      throw new RangeError(`${what} has no drawing ${index}`);
    }
    return images.subarray(index * this.imageLength, (index + 1) * this.imageLength);
  }

  bytes(): number {
    let total = 0;
    for (const images of this.entries.values()) total += images.byteLength;
    return total;
  }
}
