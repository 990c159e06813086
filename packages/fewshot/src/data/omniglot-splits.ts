import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DatasetError } from './decode-image.js';
import type { Rotation } from './rotate.js';

/** The Vinyals et al. split files as published with Prototypical Networks, pinned by checksum. */
export const VINYALS_SPLITS = {
  train: { classes: 4112, sha256: '984522c194c30fb678ce53304a160a42faf5403ad4f9a67010f32dd3a35738e0' },
  val: { classes: 688, sha256: '11f99e54faee3e26f53d3231c1cceac5bf7b8730e9be31cb6dab256551dc0c1a' },
  trainval: { classes: 4800, sha256: '5276ae50c755596d0bff7f2284e85625695549a85ee6e36b6491ad1e5d1cc26a' },
  test: { classes: 1692, sha256: '845264cc5c156180828ccf17915668b17ee21424d0170df6e7d81676aa5d1204' },
} as const;
export type VinyalsSplit = keyof typeof VINYALS_SPLITS;

export interface OmniglotClassId {
  /** `Alphabet/characterNN`: the character, shared by its four rotations. */
  character: string;
  alphabet: string;
  rotation: Rotation;
}

const CLASS_ID = /^([^/]+)\/(character\d+)\/rot(000|090|180|270)$/;

export function parseOmniglotClassId(id: string): OmniglotClassId {
  const match = CLASS_ID.exec(id);
  if (!match) throw new DatasetError(`"${id}" is not an Omniglot class id (Alphabet/characterNN/rotDDD)`);
  return { alphabet: match[1]!, character: `${match[1]}/${match[2]}`, rotation: Number(match[3]) as Rotation };
}

export function omniglotClassId(character: string, rotation: Rotation): string {
  return `${character}/rot${String(rotation).padStart(3, '0')}`;
}

/** Reads the four Vinyals split files, verifying each one's checksum and class count. */
export async function readVinyalsSplits(dir: string): Promise<Record<VinyalsSplit, string[]>> {
  const splits = {} as Record<VinyalsSplit, string[]>;
  for (const [name, expected] of Object.entries(VINYALS_SPLITS) as Array<[VinyalsSplit, (typeof VINYALS_SPLITS)[VinyalsSplit]]>) {
    const path = join(dir, `${name}.txt`);
    const bytes = await readFile(path).catch((err: NodeJS.ErrnoException) => {
      throw new DatasetError(`split file ${path} cannot be read: ${err.code ?? err.message}`);
    });
    const digest = createHash('sha256').update(bytes).digest('hex');
    if (digest !== expected.sha256) {
      throw new DatasetError(`split file ${path} has sha256 ${digest}, expected ${expected.sha256} (the Vinyals split)`);
    }
    const classes = bytes.toString('utf8').split('\n').map((l) => l.trim()).filter(Boolean);
    if (classes.length !== expected.classes) {
      throw new DatasetError(`split file ${path} lists ${classes.length} classes, expected ${expected.classes}`);
    }
    splits[name] = classes;
  }
  assertDisjointCharacters(splits);
  return splits;
}

/** No character may appear in two of train, val and test; trainval must be train ∪ val. */
export function assertDisjointCharacters(splits: Record<VinyalsSplit, string[]>): void {
  const owner = new Map<string, string>();
  for (const name of ['train', 'val', 'test'] as const) {
    for (const id of splits[name]) {
      const { character } = parseOmniglotClassId(id);
      const previous = owner.get(character);
      if (previous !== undefined && previous !== name) {
        throw new DatasetError(`character ${character} is in both the ${previous} and ${name} splits`);
      }
      owner.set(character, name);
    }
  }
  const union = new Set([...splits.train, ...splits.val]);
  const trainval = new Set(splits.trainval);
  if (union.size !== trainval.size || [...union].some((id) => !trainval.has(id))) {
    throw new DatasetError('the trainval split is not exactly train ∪ val');
  }
}
