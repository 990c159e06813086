import { createHash } from 'node:crypto';
import { packOmniglot, parseOmniglotPack, readOmniglotOriginal, writeOmniglotPack } from '@matchnet/fewshot';

/** `matchnet data pack-omniglot <source> --out <file>`: the original layout → one lossless pack. */
export async function packOmniglotCommand(args: string[]): Promise<number> {
  const source = args[0];
  const outIndex = args.indexOf('--out');
  const out = outIndex >= 0 ? args[outIndex + 1] : undefined;
  if (!source || !out) {
    console.error('usage: matchnet data pack-omniglot <folder or zip> --out <file.pack>');
    return 2;
  }
  const started = Date.now();
  const characters = await readOmniglotOriginal(source);
  const file = await packOmniglot(characters);
  // Read it back before writing: a pack that fails its own checks never lands.
  const { manifest } = parseOmniglotPack(file, out);
  await writeOmniglotPack(out, file);
  const sha = createHash('sha256').update(file).digest('hex');
  console.log(`${out}: ${manifest.characters.length} characters, ${manifest.images} drawings, ${file.length} bytes, sha256 ${sha} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return 0;
}
