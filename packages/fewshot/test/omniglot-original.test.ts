import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DatasetError,
  embeddedOmniglotDir,
  openOmniglot,
  packOmniglot,
  parseOmniglotPack,
  readOmniglotOriginal,
  readOmniglotPack,
  unpackBits,
  type OmniglotPack,
} from '../src/index.js';
import { sharedOmniglot } from './support/paths.js';

let embedded: OmniglotPack;
let scratch: string;
beforeAll(async () => {
  embedded = await readOmniglotPack(join(embeddedOmniglotDir(), 'omniglot.pack'));
  scratch = await mkdtemp(join(tmpdir(), 'matchnet-original-'));
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

/** The bits of one character's drawings in a pack, keyed `alphabet/character/drawing`. */
function bitsOf(pack: OmniglotPack, alphabet: string): Map<string, string> {
  const out = new Map<string, string>();
  let index = 0;
  for (const c of pack.manifest.characters) {
    for (const d of c.drawings) {
      if (c.alphabet === alphabet) out.set(`${c.character}/${d}`, Buffer.from(unpackBits(pack.bits, index * 1379, 105 * 105)).toString('base64'));
      index++;
    }
  }
  return out;
}

describe('reading a user copy in the original layout', () => {
  it('reads an official zip (images_background_small1) to the same bits as the embedded pack', async () => {
    const characters = await readOmniglotOriginal(join(sharedOmniglot(), 'images_background_small1.zip'));
    expect(new Set(characters.map((c) => c.set))).toEqual(new Set(['images_background_small1']));
    expect(characters.reduce((n, c) => n + c.drawings.length, 0)).toBe(2720);
    const pack = parseOmniglotPack(await packOmniglot(characters.filter((c) => c.alphabet === characters[0]!.alphabet)), 'zip');
    const alphabet = characters[0]!.alphabet;
    expect(bitsOf(pack, alphabet)).toEqual(bitsOf(embedded, alphabet));
  });

  it('opens a partial copy as a dataset whose splits are its own sets', async () => {
    const dataset = await openOmniglot({ original: join(sharedOmniglot(), 'images_background_small2.zip'), vinyals: false });
    expect(dataset.splitNames()).toEqual(['background_small2']);
    expect(dataset.split('background_small2').length).toBe((3120 / 20) * 4);
    await dataset.prepare('background_small2');
    expect(dataset.cacheBytes()).toBe(3120 * 28 * 28 * 4);
  });

  it('reads folders laid out as images_background/<alphabet>/<character>', async () => {
    const root = join(scratch, 'folders');
    await mkdir(join(root, 'images_background'), { recursive: true });
    await symlink(join(sharedOmniglot(), 'images_background', 'Greek'), join(root, 'images_background', 'Greek'));
    const characters = await readOmniglotOriginal(root);
    expect(characters).toHaveLength(24);
    const pack = parseOmniglotPack(await packOmniglot(characters), root);
    expect(bitsOf(pack, 'Greek')).toEqual(bitsOf(embedded, 'Greek'));
  });

  it('names a missing source, a non-zip and a stray file', async () => {
    await expect(readOmniglotOriginal(join(scratch, 'nowhere'))).rejects.toThrow(/nowhere does not exist/);
    await writeFile(join(scratch, 'fake.zip'), 'not a zip');
    await expect(readOmniglotOriginal(join(scratch, 'fake.zip'))).rejects.toThrow(/fake\.zip is not a readable zip/);
    const stray = join(scratch, 'stray', 'images_evaluation', 'Alpha', 'character01');
    await mkdir(stray, { recursive: true });
    await writeFile(join(stray, 'notes.txt'), 'hello');
    await expect(readOmniglotOriginal(join(scratch, 'stray'))).rejects.toThrow(DatasetError);
    await expect(readOmniglotOriginal(join(scratch, 'stray'))).rejects.toThrow(/non-PNG file in Omniglot: .*notes\.txt/);
  });

  it('names a file that is not a PNG although it says so', async () => {
    const dir = join(scratch, 'badpng', 'images_evaluation', 'Alpha', 'character01');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, '0001_01.png'), 'definitely not a png');
    const characters = await readOmniglotOriginal(join(scratch, 'badpng'));
    await expect(packOmniglot(characters)).rejects.toThrow(/images_evaluation\/Alpha\/character01\/0001_01\.png is not a readable image/);
  });
});
