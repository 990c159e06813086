import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { CheckpointNotFoundError, createS3Client, FileCheckpointStore, loadServiceConfig, S3CheckpointStore, type CheckpointStore } from '../src/index.js';

const config = loadServiceConfig(inject('services'));
let scratch: string | undefined;
afterAll(() => (scratch ? rm(scratch, { recursive: true, force: true }) : undefined));

const stores: Array<[string, () => Promise<CheckpointStore>]> = [
  ['filesystem', async () => new FileCheckpointStore((scratch ??= await mkdtemp(join(tmpdir(), 'matchnet-ck-'))))],
  ['MinIO', async () => new S3CheckpointStore(createS3Client(config), `${config.MATCHNET_KEY_PREFIX}-ck`.toLowerCase().slice(0, 63), 'runs')],
];

describe.each(stores)('%s checkpoint store', (_, make) => {
  it('stores per-step files, then moves pointers to them', async () => {
    const store = await make();
    const job = `job-${randomBytes(3).toString('hex')}`;
    expect(await store.pointer(job, 'latest')).toBeUndefined();
    const weights = new Uint8Array(randomBytes(3 * 1024 * 1024));
    await store.put(job, 10, { modelJson: { format: 'x', step: 10 }, weights });
    await store.setPointer(job, 'latest', 10);
    await store.put(job, 20, { modelJson: { format: 'x', step: 20 }, weights: weights.subarray(0, 100) });
    await store.setPointer(job, 'latest', 20);
    await store.setPointer(job, 'best', 10);
    expect(await store.pointer(job, 'latest')).toBe(20);
    expect(await store.pointer(job, 'best')).toBe(10);
    const back = await store.get(job, 10);
    expect(back.modelJson).toEqual({ format: 'x', step: 10 });
    expect(Buffer.from(back.weights).equals(Buffer.from(weights))).toBe(true);
    await expect(store.get(job, 30)).rejects.toThrow(CheckpointNotFoundError);
  });
});

describe('the MinIO bucket', () => {
  it('is created once even when several services race to create it', async () => {
    const bucket = `${config.MATCHNET_KEY_PREFIX}-race-${randomBytes(2).toString('hex')}`.toLowerCase().slice(0, 63);
    const racers = Array.from({ length: 4 }, () => new S3CheckpointStore(createS3Client(config), bucket));
    await Promise.all(racers.map((s) => s.ensureBucket()));
    expect(await createS3Client(config).bucketExists(bucket)).toBe(true);
  });
});
