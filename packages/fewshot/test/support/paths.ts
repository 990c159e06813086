import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

/** The original Omniglot in ../shared, which CI lays beside the clone. */
export function sharedOmniglot(): string {
  const dir = join(repoRoot, '..', 'shared', 'datasets', 'omniglot');
  if (!existsSync(join(dir, 'images_background'))) throw new Error(`the original Omniglot is missing at ${dir}`);
  return dir;
}
