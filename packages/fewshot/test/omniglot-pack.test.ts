import { readdirSync, readFileSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetError, embeddedOmniglotDir, packedBytes, readOmniglotPack, unpackBits, type OmniglotPack } from '../src/index.js';
import { sharedOmniglot } from './support/paths.js';

let pack: OmniglotPack;
let scratch: string;
const packPath = () => join(embeddedOmniglotDir(), 'omniglot.pack');
// `npm run check:omniglot` sets the stride to 1 to compare every drawing.
const stride = Number(process.env.MATCHNET_OMNIGLOT_CHECK_STRIDE ?? 16);

beforeAll(async () => {
  pack = await readOmniglotPack(packPath());
  scratch = await mkdtemp(join(tmpdir(), 'matchnet-pack-'));
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

/** White = 1, decoded by pngjs: a decoder independent of the packer's (sharp). */
function pngBits(path: string): Uint8Array {
  const png = PNG.sync.read(readFileSync(path));
  const out = new Uint8Array(png.width * png.height);
  for (let i = 0; i < out.length; i++) out[i] = png.data[i * 4]! >= 128 ? 1 : 0;
  return out;
}

describe('the embedded Omniglot pack', () => {
  it('holds all 1,623 characters × 20 drawings of both sets', () => {
    const { manifest } = pack;
    expect(manifest.images).toBe(32460);
    expect(manifest.characters).toHaveLength(1623);
    expect(manifest.characters.every((c) => c.drawings.length === 20)).toBe(true);
    expect(manifest.characters.filter((c) => c.set === 'images_background')).toHaveLength(964);
    expect(manifest.characters.filter((c) => c.set === 'images_evaluation')).toHaveLength(659);
    expect(new Set(manifest.characters.map((c) => c.alphabet)).size).toBe(50);
    expect([manifest.width, manifest.height]).toEqual([105, 105]);
  });

  it('equals the original PNGs bit for bit (a sample in the suite, all of them in check:omniglot)', () => {
    const root = sharedOmniglot();
    const bytes = packedBytes(105, 105);
    let index = 0;
    let checked = 0;
    for (const c of pack.manifest.characters) {
      const dir = join(root, c.set, c.alphabet, c.character);
      expect(readdirSync(dir).sort()).toEqual(c.drawings.map((d) => `${d}.png`));
      for (const d of c.drawings) {
        if (index % stride === 0) {
          const expected = pngBits(join(dir, `${d}.png`));
          const actual = unpackBits(pack.bits, index * bytes, 105 * 105);
          if (!Buffer.from(actual).equals(Buffer.from(expected))) throw new Error(`${c.set}/${c.alphabet}/${c.character}/${d}.png differs`);
          checked++;
        }
        index++;
      }
    }
    expect(checked).toBe(Math.ceil(32460 / stride));
  });

  it('names the file when it is missing', async () => {
    await expect(readOmniglotPack(join(scratch, 'absent.pack'))).rejects.toThrow(/absent\.pack cannot be read: ENOENT/);
  });

  it('rejects a flipped payload byte, a truncation and a foreign file', async () => {
    const original = await readFile(packPath());
    const flipped = Buffer.from(original);
    flipped[flipped.length - 100]! ^= 0xff;
    await writeFile(join(scratch, 'flipped.pack'), flipped);
    await expect(readOmniglotPack(join(scratch, 'flipped.pack'))).rejects.toThrow(/flipped\.pack is corrupt/);

    await writeFile(join(scratch, 'short.pack'), original.subarray(0, original.length / 2));
    await expect(readOmniglotPack(join(scratch, 'short.pack'))).rejects.toThrow(/short\.pack is corrupt: payload/);

    await copyFile(join(sharedOmniglot(), 'LICENSE'), join(scratch, 'license.pack'));
    const foreign = readOmniglotPack(join(scratch, 'license.pack'));
    await expect(foreign).rejects.toThrow(DatasetError);
    await expect(foreign).rejects.toThrow(/missing the MNOMGL01 header/);
  });
});
