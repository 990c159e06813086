import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '@matchnet/cluster';
import { describe, expect, inject, it } from 'vitest';
import { spawnService } from './support/spawn-service.js';

const services = inject('services');

async function waitForRedis(port: number): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const ok = await promisify(execFile)('redis-cli', ['-p', String(port), 'ping']).then(
      ({ stdout }) => stdout.includes('PONG'),
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`redis on port ${port} did not start`);
}


describe.each(['coordinator', 'worker', 'evaluator'])('%s start-up', (name) => {
  it('logs its backend and device, serves /metrics, registers with Prometheus and stops cleanly', async () => {
    const targetsDir = await mkdtemp(join(tmpdir(), 'matchnet-targets-'));
    const service = spawnService(name, { ...services, MATCHNET_PROMETHEUS_TARGETS_DIR: targetsDir });
    try {
      await service.waitFor(/\bready\b/);
      expect(service.stderr()).toMatch(/compute backend=tensorflow device=cpu package=@tensorflow\/tfjs-node/);
      const [, url] = (await service.waitFor(/metrics (http:\S+)/)) as unknown as [string, string];
      const body = await (await fetch(url)).text();
      expect(body).toMatch(new RegExp(`matchnet_backend_info\\{[^}]*service="${name}"[^}]*\\} 1`));
      expect(body).toMatch(/backend="tensorflow"/);
      expect(await readdir(targetsDir)).toHaveLength(1);
      service.child.kill('SIGTERM');
      expect(await service.exited).toBe(0);
      expect(await readdir(targetsDir)).toHaveLength(0);
    } finally {
      service.child.kill('SIGKILL');
      await rm(targetsDir, { recursive: true, force: true });
    }
  });
});

describe('services refuse to start', () => {
  it('against a Redis whose eviction policy is not noeviction', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'matchnet-lru-'));
    const port = await freePort();
    const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--maxmemory-policy', 'allkeys-lru'], { stdio: 'ignore' });
    try {
      await waitForRedis(port);
      const service = spawnService('worker', { ...services, MATCHNET_REDIS_URL: `redis://127.0.0.1:${port}` });
      expect(await service.exited).toBe(1);
      expect(service.stderr()).toMatch(/refusing to start: Redis at redis:\/\/127\.0\.0\.1:\d+ has maxmemory-policy=allkeys-lru; matchnet requires noeviction/);
    } finally {
      redis.kill();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('when Redis cannot be reached, naming the address', async () => {
    const port = await freePort();
    const service = spawnService('coordinator', { ...services, MATCHNET_REDIS_URL: `redis://127.0.0.1:${port}` });
    expect(await service.exited).toBe(1);
    expect(service.stderr()).toMatch(new RegExp(`cannot connect to Redis at redis://127.0.0.1:${port}`));
  });

  it('when MATCHNET_BACKEND=wasm, saying why', async () => {
    const service = spawnService('worker', { ...services, MATCHNET_BACKEND: 'wasm' });
    expect(await service.exited).toBe(1);
    expect(service.stderr()).toMatch(/refusing to start: MATCHNET_BACKEND=wasm is not supported/);
  });

  it('when a GPU backend is asked for and none can be had', async () => {
    const service = spawnService('worker', { ...services, MATCHNET_BACKEND: 'tensorflow-gpu' });
    expect(await service.exited).toBe(1);
    expect(service.stderr()).toMatch(/refusing to start: .*tensorflow-gpu/);
  });

  it('when the environment is malformed, naming the variable', async () => {
    const service = spawnService('evaluator', { ...services, MATCHNET_KEY_PREFIX: 'bad:prefix' });
    expect(await service.exited).toBe(1);
    expect(service.stderr()).toMatch(/MATCHNET_KEY_PREFIX: letters, digits/);
  });
});

