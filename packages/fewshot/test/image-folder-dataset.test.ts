import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetError, ImageFolderDataset, sampleEpisode, episodeArrays } from '../src/index.js';

let root: string;
const preprocessing = { size: 84, invert: false };

/** A solid-colour image of the given size, as PNG or JPEG bytes. */
function solid(width: number, height: number, rgb: [number, number, number], format: 'png' | 'jpeg') {
  const image = sharp({ create: { width, height, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } } });
  return (format === 'png' ? image.png() : image.jpeg({ quality: 95 })).toBuffer();
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'matchnet-folder-'));
  const colours: Record<string, [number, number, number]> = { 'animals/cat': [255, 0, 0], 'animals/dog': [0, 0, 255], 'plants/fern': [0, 255, 0] };
  for (const [cls, rgb] of Object.entries(colours)) {
    await mkdir(join(root, 'images', cls), { recursive: true });
    for (let i = 0; i < 4; i++) {
      const format = i % 2 === 0 ? 'png' : 'jpeg';
      await writeFile(join(root, 'images', cls, `${i}.${format === 'png' ? 'png' : 'jpg'}`), await solid(100 + 37 * i, 90 + 11 * i, rgb, format));
    }
  }
  await mkdir(join(root, 'splits'));
  await writeFile(join(root, 'splits', 'train.txt'), 'animals/cat\nanimals/dog\n');
  await writeFile(join(root, 'splits', 'test.txt'), 'plants/fern\n');
});
afterAll(() => rm(root, { recursive: true, force: true }));

const open = (splitsDir = join(root, 'splits')) =>
  ImageFolderDataset.open({ root: join(root, 'images'), splitsDir, channels: 3, preprocessing });

describe('ImageFolderDataset', () => {
  it('reads PNG and JPEG of any size into 84×84 RGB floats', async () => {
    const dataset = await open();
    expect(dataset.splitNames()).toEqual(['test', 'train']);
    expect(dataset.imageShape).toEqual([84, 84, 3]);
    expect(dataset.split('train').map((c) => [c.id, c.group, c.drawings])).toEqual([
      ['animals/cat', 'animals', 4],
      ['animals/dog', 'animals', 4],
    ]);
    await dataset.prepare('train');
    expect(dataset.cacheBytes()).toBe(2 * 4 * 84 * 84 * 3 * 4);
    const out = new Float32Array(84 * 84 * 3);
    dataset.writeImage('animals/cat', 1, out, 0);
    // A solid red JPEG stays red after decoding and resizing.
    expect(out[0]).toBeGreaterThan(0.9);
    expect(out[1]).toBeLessThan(0.1);
    expect(out[out.length - 1]).toBeLessThan(0.1);
    const spec = sampleEpisode(dataset.split('train'), 'train', { way: 2, shot: 1, query: 3 }, { seed: 1, job: 'f', step: 0, shard: 0, episode: 0 });
    expect(episodeArrays(dataset, spec).query).toHaveLength(6 * 84 * 84 * 3);
  });

  it('names a non-image file in a class folder', async () => {
    await writeFile(join(root, 'images', 'plants', 'fern', 'notes.txt'), 'not an image');
    const dataset = await open();
    await expect(dataset.prepare('test')).rejects.toThrow(DatasetError);
    await expect(dataset.prepare('test')).rejects.toThrow(/plants\/fern\/notes\.txt is not a readable image/);
    await rm(join(root, 'images', 'plants', 'fern', 'notes.txt'));
  });

  it('names a split entry with no class folder', async () => {
    const splits = join(root, 'bad-splits');
    await mkdir(splits, { recursive: true });
    await writeFile(join(splits, 'val.txt'), 'animals/cat\nanimals/unicorn\n');
    await expect(open(splits)).rejects.toThrow(/split val .* names class animals\/unicorn, but .*animals\/unicorn does not exist/);
  });
});
