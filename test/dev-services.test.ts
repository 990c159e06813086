import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { devServices, readServicesEnv, repoRoot } from './support/services-env.js';

describe('scripts/dev-services', () => {
  it('is idempotent, keeps its ports, and stops everything it started', async () => {
    const stateDir = await mkdtemp(join(repoRoot, '.state', 'dev-services-test-'));
    try {
      await devServices('start', stateDir);
      const first = await readServicesEnv(stateDir);
      const pids = await Promise.all(
        ['redis/redis.pid', 'minio/minio.pid', 'prometheus/prometheus.pid'].map((p) => readFile(join(stateDir, p), 'utf8')),
      );
      await devServices('start', stateDir);
      const second = await readServicesEnv(stateDir);
      expect(second).toEqual(first);
      const pidsAgain = await Promise.all(
        ['redis/redis.pid', 'minio/minio.pid', 'prometheus/prometheus.pid'].map((p) => readFile(join(stateDir, p), 'utf8')),
      );
      expect(pidsAgain).toEqual(pids);

      // Another state folder, such as this test run's, never shares a port with it.
      const run = inject('services');
      for (const key of ['REDIS_PORT', 'MINIO_PORT', 'PROM_PORT']) expect(first[key]).not.toBe(run[key]);

      expect(await devServices('status', stateDir)).toMatch(/redis\s+up[\s\S]*minio\s+up[\s\S]*prometheus\s+up/);
      await devServices('stop', stateDir);
      await expect(devServices('status', stateDir)).rejects.toThrow();
      const ping = await fetch(`http://127.0.0.1:${first.PROM_PORT}/-/ready`).then(
        () => 'answered',
        () => 'refused',
      );
      expect(ping).toBe('refused');
    } finally {
      await devServices('stop', stateDir).catch(() => undefined);
      await rm(stateDir, { recursive: true, force: true });
    }
  });
});
