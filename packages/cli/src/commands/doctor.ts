import { loadBackend, trainTinyConvNet } from '@matchnet/backend';
import { connectRedis, createS3Client, loadServiceConfig } from '@matchnet/cluster';

interface Check {
  name: string;
  run(): Promise<string>;
}

/**
 * Checks, over real connections, everything a matchnet cluster needs on this machine:
 * the native backend (by training a tiny conv net), Redis, MinIO and Prometheus.
 * Returns the process exit code.
 */
export async function doctor(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const config = loadServiceConfig(env);
  const checks: Check[] = [
    {
      name: 'compute',
      async run() {
        const backend = await loadBackend();
        const losses = trainTinyConvNet(backend.tf, 30);
        const first = losses[0]!;
        const last = losses.at(-1)!;
        if (!(last < first)) throw new Error(`tiny conv net did not learn: loss ${first} -> ${last}`);
        return `${backend.describe()}; tiny conv net loss ${first.toFixed(3)} -> ${last.toFixed(3)} in 30 steps`;
      },
    },
    {
      name: 'redis',
      async run() {
        const redis = await connectRedis(config.MATCHNET_REDIS_URL);
        try {
          return `${config.MATCHNET_REDIS_URL} ${await redis.ping()}, maxmemory-policy noeviction`;
        } finally {
          await redis.quit();
        }
      },
    },
    {
      name: 'minio',
      async run() {
        const buckets = await createS3Client(config).listBuckets();
        return `${config.MATCHNET_S3_ENDPOINT} reachable, ${buckets.length} bucket(s)`;
      },
    },
    {
      name: 'prometheus',
      async run() {
        const url = env.MATCHNET_PROMETHEUS_URL;
        if (!url) throw new Error('MATCHNET_PROMETHEUS_URL is not set');
        const res = await fetch(`${url}/-/ready`);
        if (!res.ok) throw new Error(`${url} answered ${res.status}`);
        return `${url} ready`;
      },
    },
  ];
  let failed = 0;
  for (const check of checks) {
    try {
      console.log(`ok    ${check.name.padEnd(11)} ${await check.run()}`);
    } catch (err) {
      failed++;
      console.log(`FAIL  ${check.name.padEnd(11)} ${(err as Error).message}`);
    }
  }
  return failed === 0 ? 0 : 1;
}
