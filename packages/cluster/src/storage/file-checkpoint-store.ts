import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CheckpointNotFoundError, stepKey, type CheckpointFiles, type CheckpointStore } from './checkpoint-store.js';

/** Checkpoints on the local filesystem: `<root>/<job>/step-NNNNNNNN/{model.json,weights.bin}`. */
export class FileCheckpointStore implements CheckpointStore {
  readonly description: string;

  constructor(private readonly root: string) {
    this.description = `file://${root}`;
  }

  async put(job: string, step: number, files: CheckpointFiles): Promise<string> {
    const dir = join(this.root, job, stepKey(step));
    const tmp = `${dir}.tmp-${process.pid}`;
    await rm(tmp, { recursive: true, force: true });
    await mkdir(tmp, { recursive: true });
    await writeFile(join(tmp, 'weights.bin'), files.weights);
    await writeFile(join(tmp, 'model.json'), JSON.stringify(files.modelJson));
    await rm(dir, { recursive: true, force: true });
    await rename(tmp, dir);
    return dir;
  }

  async get(job: string, step: number): Promise<CheckpointFiles> {
    const dir = join(this.root, job, stepKey(step));
    try {
      const [json, weights] = await Promise.all([readFile(join(dir, 'model.json'), 'utf8'), readFile(join(dir, 'weights.bin'))]);
      return { modelJson: JSON.parse(json) as unknown, weights: new Uint8Array(weights) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new CheckpointNotFoundError(`no checkpoint at ${dir}`);
      throw new Error(`checkpoint ${dir} cannot be read: ${(err as Error).message}`);
    }
  }

  async setPointer(job: string, pointer: string, step: number): Promise<void> {
    const file = join(this.root, job, `${pointer}.json`);
    await writeFile(`${file}.tmp-${process.pid}`, JSON.stringify({ step, key: stepKey(step) }));
    await rename(`${file}.tmp-${process.pid}`, file);
  }

  async pointer(job: string, pointer: string): Promise<number | undefined> {
    try {
      return (JSON.parse(await readFile(join(this.root, job, `${pointer}.json`), 'utf8')) as { step: number }).step;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new Error(`checkpoint pointer ${pointer} of job ${job} is unreadable: ${(err as Error).message}`);
    }
  }

  async putResult(job: string, step: number, name: string, result: unknown): Promise<void> {
    const file = join(this.root, job, stepKey(step), `${name}.json`);
    await writeFile(`${file}.tmp-${process.pid}`, JSON.stringify(result));
    await rename(`${file}.tmp-${process.pid}`, file);
  }

  async getResult(job: string, step: number, name: string): Promise<unknown> {
    const file = join(this.root, job, stepKey(step), `${name}.json`);
    try {
      return JSON.parse(await readFile(file, 'utf8')) as unknown;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new CheckpointNotFoundError(`no result ${file}`);
      throw err;
    }
  }
}
