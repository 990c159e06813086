import { packedBytes, unpackBits } from './bit-image.js';
import { ClassImageCache } from './class-image-cache.js';
import type { ClassInfo, FewShotDataset } from './dataset.js';
import { DatasetError } from './decode-image.js';
import type { OmniglotPack } from './omniglot-pack.js';
import { omniglotClassId, parseOmniglotClassId, type VinyalsSplit } from './omniglot-splits.js';
import { OMNIGLOT_PREPROCESSING, preprocess, type Preprocessing } from './preprocessing.js';
import { ROTATIONS, rotateSquare } from './rotate.js';

interface CharacterEntry {
  set: string;
  alphabet: string;
  firstImage: number;
  drawings: number;
}

/**
 * Omniglot with the Vinyals splits (train, val, trainval, test) and the original
 * background / evaluation sets. Every rotation is its own class. Images are cached per
 * character at the target size; rotated classes are rotated copies made on demand, which
 * equals resizing the rotated original because the area filter commutes with 90° turns.
 */
export class OmniglotDataset implements FewShotDataset {
  readonly name = 'omniglot';
  readonly imageShape: readonly [number, number, number];
  private readonly characters = new Map<string, CharacterEntry>();
  private readonly splits = new Map<string, ClassInfo[]>();
  private readonly cache: ClassImageCache;

  constructor(
    private readonly pack: OmniglotPack,
    vinyals: Record<VinyalsSplit, string[]> | undefined,
    private readonly preprocessing: Preprocessing = OMNIGLOT_PREPROCESSING,
  ) {
    const size = preprocessing.size;
    this.imageShape = [size, size, 1];
    this.cache = new ClassImageCache(size * size);
    let first = 0;
    for (const c of pack.manifest.characters) {
      this.characters.set(`${c.alphabet}/${c.character}`, { set: c.set, alphabet: c.alphabet, firstImage: first, drawings: c.drawings.length });
      first += c.drawings.length;
    }
    for (const [name, ids] of Object.entries(vinyals ?? {})) this.splits.set(name, ids.map((id) => this.classInfo(id, name)));
    // The original sets are splits too: background, evaluation, or a small subset's name.
    for (const set of new Set(pack.manifest.characters.map((c) => c.set))) {
      const name = set.replace(/^images_/, '');
      const ids = [...this.characters].filter(([, c]) => c.set === set).flatMap(([key]) => ROTATIONS.map((r) => omniglotClassId(key, r)));
      this.splits.set(name, ids.map((id) => this.classInfo(id, name)));
    }
  }

  private classInfo(id: string, split: string): ClassInfo {
    const { character, alphabet, rotation } = parseOmniglotClassId(id);
    const entry = this.characters.get(character);
    if (!entry) throw new DatasetError(`split ${split} names class ${id}, but the dataset has no character ${character}`);
    return { id, group: alphabet, rotation, drawings: entry.drawings };
  }

  splitNames(): string[] {
    return [...this.splits.keys()];
  }

  split(name: string): readonly ClassInfo[] {
    const classes = this.splits.get(name);
    if (!classes) throw new DatasetError(`unknown split "${name}"; Omniglot has ${this.splitNames().join(', ')}`);
    return classes;
  }

  async prepare(split: string): Promise<void> {
    const { width, height } = this.pack.manifest;
    const pixels = width * height;
    const bytes = packedBytes(width, height);
    const bits = new Uint8Array(pixels);
    const values = new Float32Array(pixels);
    const imageLength = this.preprocessing.size ** 2;
    for (const info of this.split(split)) {
      const { character } = parseOmniglotClassId(info.id);
      if (this.cache.has(character)) continue;
      const entry = this.characters.get(character)!;
      const images = new Float32Array(entry.drawings * imageLength);
      for (let d = 0; d < entry.drawings; d++) {
        unpackBits(this.pack.bits, (entry.firstImage + d) * bytes, pixels, bits);
        for (let i = 0; i < pixels; i++) values[i] = bits[i]!;
        images.set(preprocess(values, width, height, 1, this.preprocessing), d * imageLength);
      }
      this.cache.set(character, images);
    }
  }

  writeImage(classId: string, drawing: number, out: Float32Array, offset: number): void {
    const { character, rotation } = parseOmniglotClassId(classId);
    rotateSquare(this.cache.image(character, drawing, `class ${classId}`), this.preprocessing.size, rotation, out, offset);
  }

  cacheBytes(): number {
    return this.cache.bytes();
  }
}
