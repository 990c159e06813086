import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DatasetError } from './decode-image.js';
import { OmniglotDataset } from './omniglot-dataset.js';
import { readOmniglotOriginal } from './omniglot-original.js';
import { packOmniglot, parseOmniglotPack, readOmniglotPack } from './omniglot-pack.js';
import { readVinyalsSplits } from './omniglot-splits.js';
import type { Preprocessing } from './preprocessing.js';

/** The repository's `data/omniglot`, or MATCHNET_DATA_DIR/omniglot when that is set. */
export function embeddedOmniglotDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.MATCHNET_DATA_DIR) return join(resolve(env.MATCHNET_DATA_DIR), 'omniglot');
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'data', 'omniglot');
    if (existsSync(join(candidate, 'omniglot.pack'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new DatasetError('cannot find data/omniglot/omniglot.pack above the fewshot package; set MATCHNET_DATA_DIR');
    dir = parent;
  }
}

export interface OmniglotOptions {
  /** A user's copy in the original layout (folders or official zips); default: the embedded pack. */
  original?: string;
  /** A pack file other than the embedded one. */
  pack?: string;
  /** Folder with the Vinyals {train,val,trainval,test}.txt; default: the embedded copy. */
  splitsDir?: string;
  /** Set false for a partial copy (such as a small subset): only its own sets become splits. */
  vinyals?: boolean;
  preprocessing?: Preprocessing;
}

export async function openOmniglot(options: OmniglotOptions = {}): Promise<OmniglotDataset> {
  const embedded = options.pack && options.splitsDir ? undefined : embeddedOmniglotDir();
  const pack = options.original
    ? parseOmniglotPack(await packOmniglot(await readOmniglotOriginal(options.original)), options.original)
    : await readOmniglotPack(options.pack ?? join(embedded!, 'omniglot.pack'));
  const splits = options.vinyals === false ? undefined : await readVinyalsSplits(options.splitsDir ?? join(embedded!, 'splits', 'vinyals'));
  return new OmniglotDataset(pack, splits, options.preprocessing);
}
