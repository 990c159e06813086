import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { unzipSync } from 'fflate';
import { DatasetError } from './decode-image.js';

/** One character of the original Omniglot layout, with its drawings' PNG bytes. */
export interface OriginalCharacter {
  /** `images_background`, `images_evaluation`, or a small subset's name. */
  set: string;
  alphabet: string;
  character: string;
  /** Drawing names without extension (`0709_01`), sorted, with the PNG bytes of each. */
  drawings: Array<{ name: string; png: Uint8Array }>;
}

const SETS = ['images_background', 'images_evaluation'];

/**
 * Reads a user's copy of Omniglot in the original layout: a folder holding
 * `images_background/` and `images_evaluation/` (each a folder or the official `.zip`),
 * one such set folder, or one official zip (including the small subsets).
 */
export async function readOmniglotOriginal(path: string): Promise<OriginalCharacter[]> {
  const info = await stat(path).catch(() => {
    throw new DatasetError(`Omniglot source ${path} does not exist`);
  });
  if (!info.isDirectory()) return readZip(path);
  const entries = await readdir(path);
  const found: OriginalCharacter[] = [];
  for (const set of SETS) {
    if (entries.includes(set)) found.push(...(await readSetFolder(join(path, set), set)));
    else if (entries.includes(`${set}.zip`)) found.push(...(await readZip(join(path, `${set}.zip`))));
  }
  if (found.length > 0) return found;
  // A set folder itself: its children are alphabets.
  const characters = await readSetFolder(path, basename(path));
  if (characters.length === 0) {
    throw new DatasetError(`${path} holds neither images_background/ nor images_evaluation/ (folders or zips) nor alphabets`);
  }
  return characters;
}

/** Sorted names of the folders in `dir`, following symbolic links. */
async function subfolders(dir: string): Promise<string[]> {
  const names = (await readdir(dir)).filter((n) => !n.startsWith('.'));
  const isDir = await Promise.all(names.map((n) => stat(join(dir, n)).then((s) => s.isDirectory())));
  return names.filter((_, i) => isDir[i]).sort();
}

async function readSetFolder(root: string, set: string): Promise<OriginalCharacter[]> {
  const characters: OriginalCharacter[] = [];
  for (const alphabet of await subfolders(root)) {
    const alphabetDir = join(root, alphabet);
    for (const character of await subfolders(alphabetDir)) {
      const dir = join(alphabetDir, character);
      const files = (await readdir(dir)).filter((f) => !f.startsWith('.')).sort();
      const drawings = [];
      for (const file of files) {
        if (!file.endsWith('.png')) throw new DatasetError(`unexpected non-PNG file in Omniglot: ${join(dir, file)}`);
        drawings.push({ name: file.slice(0, -4), png: new Uint8Array(await readFile(join(dir, file))) });
      }
      characters.push({ set, alphabet, character, drawings });
    }
  }
  return characters;
}

async function readZip(path: string): Promise<OriginalCharacter[]> {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(new Uint8Array(await readFile(path)));
  } catch (err) {
    throw new DatasetError(`${path} is not a readable zip: ${(err as Error).message}`);
  }
  const byCharacter = new Map<string, OriginalCharacter>();
  for (const [name, bytes] of Object.entries(files)) {
    if (name.endsWith('/') || name.includes('__MACOSX') || basename(name).startsWith('.')) continue;
    const parts = name.split('/');
    if (parts.length !== 4 || !name.endsWith('.png')) {
      throw new DatasetError(`${path}: entry ${name} is not <set>/<alphabet>/<character>/<drawing>.png`);
    }
    const [set, alphabet, character, file] = parts as [string, string, string, string];
    const key = `${set}/${alphabet}/${character}`;
    let entry = byCharacter.get(key);
    if (!entry) byCharacter.set(key, (entry = { set, alphabet, character, drawings: [] }));
    entry.drawings.push({ name: file.slice(0, -4), png: bytes });
  }
  const characters = [...byCharacter.values()].sort((a, b) => compareKeys(a, b));
  for (const c of characters) c.drawings.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return characters;
}

function compareKeys(a: OriginalCharacter, b: OriginalCharacter): number {
  const ka = `${a.set}\u0000${a.alphabet}\u0000${a.character}`;
  const kb = `${b.set}\u0000${b.alphabet}\u0000${b.character}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
