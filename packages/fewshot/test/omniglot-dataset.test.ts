import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertDisjointCharacters,
  DatasetError,
  embeddedOmniglotDir,
  OmniglotDataset,
  openOmniglot,
  parseOmniglotClassId,
  readOmniglotPack,
  readVinyalsSplits,
  rotateSquare,
} from '../src/index.js';

let dataset: OmniglotDataset;
let scratch: string;
beforeAll(async () => {
  dataset = await openOmniglot();
  scratch = await mkdtemp(join(tmpdir(), 'matchnet-splits-'));
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

const characters = (ids: readonly { id: string }[]) => new Set(ids.map((c) => parseOmniglotClassId(c.id).character));

describe('Omniglot splits', () => {
  it('has the Vinyals class counts and the original sets', () => {
    const counts = Object.fromEntries(dataset.splitNames().map((s) => [s, dataset.split(s).length]));
    expect(counts).toEqual({ train: 4112, val: 688, trainval: 4800, test: 1692, background: 964 * 4, evaluation: 659 * 4 });
    expect(characters(dataset.split('train')).size).toBe(1028);
    expect(characters(dataset.split('val')).size).toBe(172);
    expect(characters(dataset.split('test')).size).toBe(423);
  });

  it('keeps train, val and test disjoint by character', () => {
    const [train, val, test] = ['train', 'val', 'test'].map((s) => characters(dataset.split(s)));
    for (const c of train!) {
      expect(val!.has(c)).toBe(false);
      expect(test!.has(c)).toBe(false);
    }
    for (const c of val!) expect(test!.has(c)).toBe(false);
  });

  it('makes every rotation its own class, with rotated pixels', async () => {
    const train = dataset.split('train');
    const ids = new Set(train.map((c) => c.id));
    expect(ids.size).toBe(train.length);
    for (const r of ['000', '090', '180', '270']) expect(ids.has(`Angelic/character01/rot${r}`)).toBe(true);
    await dataset.prepare('train');
    const image = (id: string) => {
      const out = new Float32Array(28 * 28);
      dataset.writeImage(id, 3, out, 0);
      return out;
    };
    const upright = image('Angelic/character01/rot000');
    const turned = image('Angelic/character01/rot090');
    expect(turned).not.toEqual(upright);
    const expected = new Float32Array(28 * 28);
    rotateSquare(upright, 28, 90, expected);
    expect(turned).toEqual(expected);
  });

  it('preprocesses to 28×28 floats in [0, 1] with ink as 1', async () => {
    await dataset.prepare('val');
    const out = new Float32Array(28 * 28);
    dataset.writeImage(dataset.split('val')[0]!.id, 0, out, 0);
    expect(Math.min(...out)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...out)).toBeLessThanOrEqual(1);
    const mean = out.reduce((s, v) => s + v, 0) / out.length;
    // Strokes cover a small part of a drawing: inverted, the mean is well below one half.
    expect(mean).toBeGreaterThan(0.01);
    expect(mean).toBeLessThan(0.3);
    expect(dataset.cacheBytes()).toBeGreaterThan(0);
  });

  it('refuses to serve a split it has not prepared', () => {
    const out = new Float32Array(28 * 28);
    expect(() => dataset.writeImage(dataset.split('test')[0]!.id, 0, out, 0)).toThrow(/not prepared/);
  });

  it('names an unknown split', () => {
    expect(() => dataset.split('validation')).toThrow(/unknown split "validation"; Omniglot has train, val/);
  });
});

describe('split validation', () => {
  const splitsDir = () => join(embeddedOmniglotDir(), 'splits', 'vinyals');

  it('rejects an edited split file by checksum, naming it', async () => {
    for (const s of ['train', 'val', 'trainval', 'test']) await copyFile(join(splitsDir(), `${s}.txt`), join(scratch, `${s}.txt`));
    const val = await readFile(join(scratch, 'val.txt'), 'utf8');
    await writeFile(join(scratch, 'val.txt'), val.replace('rot090', 'rot000'));
    await expect(readVinyalsSplits(scratch)).rejects.toThrow(/split file .*val\.txt has sha256 [0-9a-f]+, expected 11f99e54/);
  });

  it('names a character that two splits share', () => {
    const a = 'Greek/character01/rot000';
    expect(() => assertDisjointCharacters({ train: [a], val: ['Greek/character01/rot090'], trainval: [a], test: [] })).toThrow(
      /character Greek\/character01 is in both the train and val splits/,
    );
  });

  it('names a split class that the data lacks', async () => {
    const pack = await readOmniglotPack(join(embeddedOmniglotDir(), 'omniglot.pack'));
    const splits = await readVinyalsSplits(splitsDir());
    splits.test = [...splits.test, 'Klingon/character07/rot180'];
    expect(() => new OmniglotDataset(pack, splits)).toThrow(DatasetError);
    expect(() => new OmniglotDataset(pack, splits)).toThrow(/split test names class Klingon\/character07\/rot180, but the dataset has no character Klingon\/character07/);
  });
});
