import { Client } from 'minio';
import type { ServiceConfig } from '../config/service-config.js';

/** A MinIO/S3 client for the configured endpoint, or a clear error naming what is missing. */
export function createS3Client(config: ServiceConfig): Client {
  const { MATCHNET_S3_ENDPOINT: endpoint, MATCHNET_S3_ACCESS_KEY: accessKey, MATCHNET_S3_SECRET_KEY: secretKey } = config;
  if (!endpoint || !accessKey || !secretKey) {
    throw new Error('S3 needs MATCHNET_S3_ENDPOINT, MATCHNET_S3_ACCESS_KEY and MATCHNET_S3_SECRET_KEY');
  }
  const url = new URL(endpoint);
  const useSSL = url.protocol === 'https:';
  return new Client({
    endPoint: url.hostname,
    port: url.port ? Number(url.port) : useSSL ? 443 : 80,
    useSSL,
    accessKey,
    secretKey,
  });
}
