import { createHash } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { deflateSync, inflateSync } from 'node:zlib';
import { packBits, packedBytes } from './bit-image.js';
import { decodeImage, DatasetError } from './decode-image.js';
import type { OriginalCharacter } from './omniglot-original.js';

/**
 * The embedded Omniglot file: every drawing's original 105×105 bits, lossless.
 *
 *   8 bytes   magic "MNOMGL01"
 *   4 bytes   manifest length, little-endian
 *   N bytes   manifest, UTF-8 JSON (OmniglotManifest)
 *   rest      zlib-deflated payload: each drawing's bits (see bit-image.ts), in manifest order
 *
 * A bit is 1 for a white (background) pixel and 0 for ink, as in the PNGs.
 */
export const PACK_MAGIC = 'MNOMGL01';

export interface OmniglotManifest {
  format: 'matchnet-omniglot';
  version: 1;
  width: number;
  height: number;
  images: number;
  payloadBytes: number;
  payloadSha256: string;
  characters: Array<{ set: string; alphabet: string; character: string; drawings: string[] }>;
}

export interface OmniglotPack {
  manifest: OmniglotManifest;
  /** Bits of every drawing, back to back; drawing i starts at i * packedBytes(width, height). */
  bits: Uint8Array;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Decodes every PNG and packs them; fails on any drawing that is not width × height. */
export async function packOmniglot(characters: OriginalCharacter[], width = 105, height = 105): Promise<Uint8Array> {
  const perImage = packedBytes(width, height);
  const images = characters.reduce((n, c) => n + c.drawings.length, 0);
  const bits = new Uint8Array(images * perImage);
  let index = 0;
  for (const c of characters) {
    for (const d of c.drawings) {
      const where = `${c.set}/${c.alphabet}/${c.character}/${d.name}.png`;
      const image = await decodeImage(d.png, 1, where);
      if (image.width !== width || image.height !== height) {
        throw new DatasetError(`${where} is ${image.width}×${image.height}, expected ${width}×${height}`);
      }
      packBits(image.data.map((v) => (v >= 128 ? 1 : 0)), bits, index * perImage);
      index++;
    }
  }
  const manifest: OmniglotManifest = {
    format: 'matchnet-omniglot',
    version: 1,
    width,
    height,
    images,
    payloadBytes: bits.length,
    payloadSha256: sha256(bits),
    characters: characters.map((c) => ({ set: c.set, alphabet: c.alphabet, character: c.character, drawings: c.drawings.map((d) => d.name) })),
  };
  const manifestBytes = Buffer.from(JSON.stringify(manifest));
  const header = Buffer.alloc(12);
  header.write(PACK_MAGIC, 0, 'latin1');
  header.writeUInt32LE(manifestBytes.length, 8);
  return Buffer.concat([header, manifestBytes, deflateSync(bits, { level: 9 })]);
}

export async function writeOmniglotPack(path: string, file: Uint8Array): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, file);
  await rename(tmp, path);
}

/** Reads and fully verifies a pack; every failure names the file and what is wrong. */
export async function readOmniglotPack(path: string): Promise<OmniglotPack> {
  let file: Buffer;
  try {
    file = await readFile(path);
  } catch (err) {
    throw new DatasetError(`Omniglot pack ${path} cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return parseOmniglotPack(file, path);
}

export function parseOmniglotPack(bytes: Uint8Array, path: string): OmniglotPack {
  const file = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const corrupt = (why: string) => new DatasetError(`Omniglot pack ${path} is corrupt: ${why}`);
  if (file.length < 12 || file.toString('latin1', 0, 8) !== PACK_MAGIC) throw corrupt(`missing the ${PACK_MAGIC} header`);
  const manifestLength = file.readUInt32LE(8);
  if (12 + manifestLength > file.length) throw corrupt('truncated manifest');
  let manifest: OmniglotManifest;
  try {
    manifest = JSON.parse(file.toString('utf8', 12, 12 + manifestLength)) as OmniglotManifest;
  } catch {
    throw corrupt('manifest is not JSON');
  }
  if (manifest.format !== 'matchnet-omniglot' || manifest.version !== 1) throw corrupt('unknown manifest format or version');
  let bits: Buffer;
  try {
    bits = inflateSync(file.subarray(12 + manifestLength));
  } catch (err) {
    throw corrupt(`payload does not inflate (${(err as Error).message})`);
  }
  if (bits.length !== manifest.payloadBytes || bits.length !== manifest.images * packedBytes(manifest.width, manifest.height)) {
    throw corrupt(`payload is ${bits.length} bytes, manifest says ${manifest.payloadBytes}`);
  }
  if (sha256(bits) !== manifest.payloadSha256) throw corrupt('payload checksum mismatch');
  const listed = manifest.characters.reduce((n, c) => n + c.drawings.length, 0);
  if (listed !== manifest.images) throw corrupt(`manifest lists ${listed} drawings but ${manifest.images} images`);
  return { manifest, bits: new Uint8Array(bits.buffer, bits.byteOffset, bits.length) };
}
