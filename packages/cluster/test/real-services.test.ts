import { randomBytes } from 'node:crypto';
import { Queue, QueueEvents, Worker } from 'bullmq';
import { Gauge, Registry } from 'prom-client';
import { afterAll, describe, expect, inject, it } from 'vitest';
import {
  bullmqConnection,
  connectRedis,
  createS3Client,
  loadServiceConfig,
  registerPrometheusTarget,
  startMetricsServer,
} from '../src/index.js';

// Talks to the Redis, MinIO and Prometheus that scripts/dev-services started for this run.
const env = inject('services');
const config = loadServiceConfig(env);

describe('Redis', () => {
  it('answers PING and enforces noeviction', async () => {
    const redis = await connectRedis(config.MATCHNET_REDIS_URL);
    try {
      expect(await redis.ping()).toBe('PONG');
      expect(await redis.config('GET', 'appendonly')).toEqual(['appendonly', 'yes']);
    } finally {
      await redis.quit();
    }
  });

  it('carries a BullMQ job from a queue through a worker and back', async () => {
    const url = config.MATCHNET_REDIS_URL;
    const name = 'roundtrip';
    const prefix = config.MATCHNET_KEY_PREFIX;
    const queue = new Queue(name, { connection: bullmqConnection(url, 'producer'), prefix });
    const events = new QueueEvents(name, { connection: bullmqConnection(url, 'consumer'), prefix });
    const worker = new Worker(name, async (job) => ({ doubled: (job.data as { n: number }).n * 2 }), {
      connection: bullmqConnection(url, 'consumer'),
      prefix,
    });
    try {
      await events.waitUntilReady();
      const job = await queue.add('double', { n: 21 }, { removeOnComplete: true });
      expect(await job.waitUntilFinished(events, 20_000)).toEqual({ doubled: 42 });
      // The keys live under this run's prefix, so parallel runs cannot see each other's jobs.
      const redis = await connectRedis(config.MATCHNET_REDIS_URL);
      const keys = await redis.keys(`${prefix}:${name}:*`);
      await redis.quit();
      expect(keys.length).toBeGreaterThan(0);
    } finally {
      await worker.close();
      await events.close();
      await queue.close();
    }
  });
});

describe('MinIO', () => {
  it('stores an object and returns the same bytes', async () => {
    const s3 = createS3Client(config);
    const bucket = `${config.MATCHNET_KEY_PREFIX}`.toLowerCase().slice(0, 63);
    if (!(await s3.bucketExists(bucket))) await s3.makeBucket(bucket);
    const body = randomBytes(256 * 1024);
    await s3.putObject(bucket, 'probe/blob.bin', body, body.length);
    const stream = await s3.getObject(bucket, 'probe/blob.bin');
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(body)).toBe(true);
    const stat = await s3.statObject(bucket, 'probe/blob.bin');
    expect(stat.size).toBe(body.length);
  });

  it('rejects wrong credentials', async () => {
    const s3 = createS3Client({ ...config, MATCHNET_S3_SECRET_KEY: 'not-the-secret-key' });
    await expect(s3.listBuckets()).rejects.toThrow(/signature|access key|credentials/i);
  });
});

describe('Prometheus', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('discovers and scrapes a test target, queryable with PromQL', async () => {
    const registry = new Registry();
    const marker = Math.floor(Math.random() * 1e6) + 1;
    new Gauge({ name: 'matchnet_test_marker', help: 'test value', registers: [registry] }).set(marker);
    const server = await startMetricsServer(registry, '127.0.0.1', 0);
    cleanups.push(() => server.close());
    const probeId = `${config.MATCHNET_KEY_PREFIX}-probe-${randomBytes(3).toString('hex')}`;
    const target = await registerPrometheusTarget(
      config.MATCHNET_PROMETHEUS_TARGETS_DIR!,
      probeId,
      `${server.host}:${server.port}`,
      { probe: probeId },
    );
    cleanups.push(() => target.remove());

    const query = encodeURIComponent(`matchnet_test_marker{probe="${probeId}"}`);
    let value: string | undefined;
    for (let attempt = 0; attempt < 60 && value === undefined; attempt++) {
      const res = await fetch(`${env.MATCHNET_PROMETHEUS_URL}/api/v1/query?query=${query}`);
      const body = (await res.json()) as { data: { result: Array<{ value: [number, string] }> } };
      value = body.data.result[0]?.value[1];
      if (value === undefined) await new Promise((r) => setTimeout(r, 500));
    }
    expect(value).toBe(String(marker));
  });
});
