import { resolve } from 'node:path';
import type { ServiceConfig } from '../config/service-config.js';
import type { CheckpointStore } from './checkpoint-store.js';
import { FileCheckpointStore } from './file-checkpoint-store.js';
import { S3CheckpointStore } from './s3-checkpoint-store.js';
import { createS3Client } from './s3-client.js';

/** MinIO/S3 when an endpoint is configured, else the local filesystem. */
export function openCheckpointStore(config: ServiceConfig): CheckpointStore {
  return config.MATCHNET_S3_ENDPOINT
    ? new S3CheckpointStore(createS3Client(config), config.MATCHNET_S3_BUCKET, config.MATCHNET_KEY_PREFIX)
    : new FileCheckpointStore(resolve(config.MATCHNET_CHECKPOINT_DIR));
}
