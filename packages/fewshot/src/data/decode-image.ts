import sharp from 'sharp';

export class DatasetError extends Error {
  override name = 'DatasetError';
}

export interface DecodedImage {
  width: number;
  height: number;
  channels: 1 | 3;
  /** Interleaved channels, 0–255. */
  data: Uint8Array;
}

/**
 * Decodes a PNG or JPEG (or anything else libvips reads) to 8-bit greyscale or RGB.
 * `source` names the file in the error when the bytes are not an image.
 */
export async function decodeImage(bytes: Uint8Array, channels: 1 | 3, source: string): Promise<DecodedImage> {
  try {
    let pipeline = sharp(bytes, { failOn: 'error' });
    pipeline = channels === 1 ? pipeline.greyscale() : pipeline.removeAlpha().toColourspace('srgb');
    const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
    if (info.channels !== channels) throw new Error(`decoded to ${info.channels} channels, expected ${channels}`);
    return { width: info.width, height: info.height, channels, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
  } catch (err) {
    throw new DatasetError(`${source} is not a readable image: ${(err as Error).message}`);
  }
}
