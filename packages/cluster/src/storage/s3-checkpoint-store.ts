import type { Client } from 'minio';
import { CheckpointNotFoundError, stepKey, type CheckpointFiles, type CheckpointStore } from './checkpoint-store.js';

/**
 * Checkpoints in a MinIO/S3 bucket under `<prefix>/<job>/step-N/`. Every upload is a
 * Buffer with its exact size: a stream of unknown size makes minio-js buffer ~500 MiB parts.
 * Per-step keys are never rewritten, so two writers cannot resume each other's multipart upload.
 */
export class S3CheckpointStore implements CheckpointStore {
  readonly description: string;
  private bucketReady?: Promise<void>;

  constructor(
    private readonly client: Client,
    private readonly bucket: string,
    private readonly prefix = '',
  ) {
    this.description = `s3://${bucket}/${prefix}`;
  }

  private key(...parts: string[]): string {
    return [this.prefix, ...parts].filter(Boolean).join('/');
  }

  /** Creates the bucket on first use; another service creating it at the same moment is fine. */
  ensureBucket(): Promise<void> {
    this.bucketReady ??= (async () => {
      if (await this.client.bucketExists(this.bucket)) return;
      try {
        await this.client.makeBucket(this.bucket);
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (code !== 'BucketAlreadyOwnedByYou' && code !== 'BucketAlreadyExists') throw err;
      }
    })().catch((err: Error) => {
      this.bucketReady = undefined;
      throw new Error(`cannot create bucket ${this.bucket}: ${err.message}`);
    });
    return this.bucketReady;
  }

  private async putBuffer(key: string, body: Buffer, contentType: string): Promise<void> {
    await this.client.putObject(this.bucket, key, body, body.length, { 'Content-Type': contentType });
  }

  private async getBuffer(key: string): Promise<Buffer> {
    try {
      const stream = await this.client.getObject(this.bucket, key);
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    } catch (err) {
      if ((err as { code?: string }).code === 'NoSuchKey') throw new CheckpointNotFoundError(`no object ${this.bucket}/${key}`);
      throw err;
    }
  }

  async put(job: string, step: number, files: CheckpointFiles): Promise<string> {
    await this.ensureBucket();
    const dir = this.key(job, stepKey(step));
    // weights.bin first: model.json is what readers look for, so it lands last.
    await this.putBuffer(`${dir}/weights.bin`, Buffer.from(files.weights.buffer, files.weights.byteOffset, files.weights.byteLength), 'application/octet-stream');
    await this.putBuffer(`${dir}/model.json`, Buffer.from(JSON.stringify(files.modelJson)), 'application/json');
    return `s3://${this.bucket}/${dir}`;
  }

  async get(job: string, step: number): Promise<CheckpointFiles> {
    await this.ensureBucket();
    const dir = this.key(job, stepKey(step));
    const [json, weights] = await Promise.all([this.getBuffer(`${dir}/model.json`), this.getBuffer(`${dir}/weights.bin`)]);
    let modelJson: unknown;
    try {
      modelJson = JSON.parse(json.toString('utf8'));
    } catch {
      throw new Error(`checkpoint s3://${this.bucket}/${dir}/model.json is not JSON`);
    }
    return { modelJson, weights: new Uint8Array(weights.buffer, weights.byteOffset, weights.length) };
  }

  async setPointer(job: string, pointer: string, step: number): Promise<void> {
    await this.ensureBucket();
    await this.putBuffer(this.key(job, `${pointer}.json`), Buffer.from(JSON.stringify({ step, key: stepKey(step) })), 'application/json');
  }

  async pointer(job: string, pointer: string): Promise<number | undefined> {
    await this.ensureBucket();
    try {
      return (JSON.parse((await this.getBuffer(this.key(job, `${pointer}.json`))).toString('utf8')) as { step: number }).step;
    } catch (err) {
      if (err instanceof CheckpointNotFoundError) return undefined;
      throw err;
    }
  }

  async putResult(job: string, step: number, name: string, result: unknown): Promise<void> {
    await this.ensureBucket();
    await this.putBuffer(this.key(job, stepKey(step), `${name}.json`), Buffer.from(JSON.stringify(result)), 'application/json');
  }

  async getResult(job: string, step: number, name: string): Promise<unknown> {
    await this.ensureBucket();
    return JSON.parse((await this.getBuffer(this.key(job, stepKey(step), `${name}.json`))).toString('utf8')) as unknown;
  }
}
