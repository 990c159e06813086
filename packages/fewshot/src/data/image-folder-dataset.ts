import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ClassImageCache } from './class-image-cache.js';
import type { ClassInfo, FewShotDataset } from './dataset.js';
import { DatasetError, decodeImage } from './decode-image.js';
import { preprocess, type Preprocessing } from './preprocessing.js';

export interface ImageFolderOptions {
  /** `root/<class>/<image files>`; a class may be nested (`root/<group>/<class>/...`). */
  root: string;
  /** Folder of `<split>.txt` files, each listing class paths relative to root, one a line. */
  splitsDir: string;
  channels: 1 | 3;
  preprocessing: Preprocessing;
}

/**
 * A user's own images, such as miniImageNet at 84×84: PNG or JPEG of any size, decoded
 * with sharp (libvips) and resized with the same area filter as Omniglot.
 */
export class ImageFolderDataset implements FewShotDataset {
  readonly name: string;
  readonly imageShape: readonly [number, number, number];
  private readonly cache: ClassImageCache;

  private constructor(
    private readonly options: ImageFolderOptions,
    private readonly files: Map<string, string[]>,
    private readonly splits: Map<string, ClassInfo[]>,
  ) {
    const { size } = options.preprocessing;
    this.name = `image-folder:${options.root}`;
    this.imageShape = [size, size, options.channels];
    this.cache = new ClassImageCache(size * size * options.channels);
  }

  static async open(options: ImageFolderOptions): Promise<ImageFolderDataset> {
    const splitFiles = (await readdir(options.splitsDir).catch(() => {
      throw new DatasetError(`split folder ${options.splitsDir} cannot be read`);
    })).filter((f) => f.endsWith('.txt'));
    if (splitFiles.length === 0) throw new DatasetError(`split folder ${options.splitsDir} has no <split>.txt files`);
    const files = new Map<string, string[]>();
    const splits = new Map<string, ClassInfo[]>();
    for (const file of splitFiles.sort()) {
      const split = file.slice(0, -4);
      const ids = (await readFile(join(options.splitsDir, file), 'utf8')).split('\n').map((l) => l.trim()).filter(Boolean);
      const classes: ClassInfo[] = [];
      for (const id of ids) {
        if (!files.has(id)) {
          const dir = join(options.root, id);
          const images = await readdir(dir).catch(() => {
            throw new DatasetError(`split ${split} (${join(options.splitsDir, file)}) names class ${id}, but ${dir} does not exist`);
          });
          const visible = images.filter((f) => !f.startsWith('.')).sort();
          if (visible.length === 0) throw new DatasetError(`class folder ${dir} has no images`);
          files.set(id, visible.map((f) => join(dir, f)));
        }
        const slash = id.lastIndexOf('/');
        classes.push({ id, group: slash > 0 ? id.slice(0, slash) : id, rotation: 0, drawings: files.get(id)!.length });
      }
      splits.set(split, classes);
    }
    return new ImageFolderDataset(options, files, splits);
  }

  splitNames(): string[] {
    return [...this.splits.keys()];
  }

  split(name: string): readonly ClassInfo[] {
    const classes = this.splits.get(name);
    if (!classes) throw new DatasetError(`unknown split "${name}"; ${this.name} has ${this.splitNames().join(', ')}`);
    return classes;
  }

  async prepare(split: string): Promise<void> {
    const { channels, preprocessing } = this.options;
    const imageLength = preprocessing.size ** 2 * channels;
    for (const info of this.split(split)) {
      if (this.cache.has(info.id)) continue;
      const paths = this.files.get(info.id)!;
      const images = new Float32Array(paths.length * imageLength);
      for (let i = 0; i < paths.length; i++) {
        const image = await decodeImage(await readFile(paths[i]!), channels, paths[i]!);
        const values = Float32Array.from(image.data, (v) => v / 255);
        images.set(preprocess(values, image.width, image.height, channels, preprocessing), i * imageLength);
      }
      this.cache.set(info.id, images);
    }
  }

  writeImage(classId: string, drawing: number, out: Float32Array, offset: number): void {
    out.set(this.cache.image(classId, drawing, `class ${classId}`), offset);
  }

  cacheBytes(): number {
    return this.cache.bytes();
  }
}
