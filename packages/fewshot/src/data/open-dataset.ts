import type { FewShotDataset } from './dataset.js';
import { ImageFolderDataset } from './image-folder-dataset.js';
import { openOmniglot } from './open-omniglot.js';
import { OMNIGLOT_PREPROCESSING, type Preprocessing } from './preprocessing.js';

/** Which data a job trains on; serialisable, so it travels in job specs. */
export type DatasetSource =
  /** The embedded Omniglot with the Vinyals splits: the default. */
  | { kind: 'omniglot'; preprocessing?: Preprocessing }
  /** A user's copy in the original layout (folders or official zips). */
  | { kind: 'omniglot-original'; path: string; vinyals?: boolean; preprocessing?: Preprocessing }
  | { kind: 'image-folder'; root: string; splitsDir: string; channels: 1 | 3; preprocessing: Preprocessing };

export async function openDataset(source: DatasetSource): Promise<FewShotDataset> {
  switch (source.kind) {
    case 'omniglot':
      return openOmniglot({ preprocessing: source.preprocessing ?? OMNIGLOT_PREPROCESSING });
    case 'omniglot-original':
      return openOmniglot({ original: source.path, vinyals: source.vinyals ?? true, preprocessing: source.preprocessing ?? OMNIGLOT_PREPROCESSING });
    case 'image-folder':
      return ImageFolderDataset.open(source);
  }
}
