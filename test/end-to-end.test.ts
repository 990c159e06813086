import { loadBackend } from '@matchnet/backend';
import { createS3Client, freePort, loadCheckpoint, loadServiceConfig, ParameterClient, parseJobSpec, S3CheckpointStore } from '@matchnet/cluster';
import { initTrainingState, openOmniglot, trainReference } from '@matchnet/fewshot';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { spawnService, type SpawnedService } from './support/spawn-service.js';

const services = inject('services');
const config = loadServiceConfig(services);
const prefix = `${services.MATCHNET_KEY_PREFIX}-e2e`;
const processes: SpawnedService[] = [];
let api = '';
let grpcAddress = '';
let serviceEnv: Record<string, string> = {};

async function promql(query: string) {
  const res = await fetch(`${services.MATCHNET_PROMETHEUS_URL}/api/v1/query?query=${encodeURIComponent(query)}`);
  return ((await res.json()) as { data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> } }).data.result;
}
async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 240_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

const spec = parseJobSpec({
  job: 'e2e',
  seed: 8,
  model: { encoder: { depth: 2, width: 8 } },
  train: { split: 'train', way: 5, shot: 1, query: 3 },
  shardsPerStep: 2,
  steps: 4,
  validation: { split: 'val', way: 5, shot: 1, query: 5, episodes: 10, every: 0 },
  checkpointEvery: 2,
  test: { episodes: 10 },
});

beforeAll(async () => {
  const apiPort = await freePort();
  const grpcPort = await freePort();
  grpcAddress = `127.0.0.1:${grpcPort}`;
  api = `http://127.0.0.1:${apiPort}/jobs`;
  const env = (serviceEnv = { ...services, MATCHNET_KEY_PREFIX: prefix, MATCHNET_GRPC_PORT: String(grpcPort), MATCHNET_COORDINATOR_ADDRESS: grpcAddress });
  const coordinator = spawnService('coordinator', { ...env, MATCHNET_METRICS_PORT: String(apiPort) });
  processes.push(coordinator);
  await coordinator.waitFor(/\] ready/);
  for (const name of ['worker', 'worker', 'evaluator']) processes.push(spawnService(name, env));
  await Promise.all(processes.map((p) => p.waitFor(/\] ready/)));
}, 120_000);

afterAll(async () => {
  for (const p of processes) p.child.kill('SIGTERM');
  await Promise.all(processes.map((p) => p.exited));
});

describe('the cluster end to end (real Redis, MinIO, Prometheus; separate processes)', () => {
  it('refuses a malformed job spec, naming the field', async () => {
    const res = await fetch(api, { method: 'POST', body: JSON.stringify({ train: { way: 0 } }) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/train\.way/);
  });

  it('trains a submitted job, checkpoints to MinIO, and the evaluator’s accuracy reaches Prometheus', async () => {
    const res = await fetch(api, { method: 'POST', body: JSON.stringify(spec) });
    expect(res.status).toBe(201);
    await until('the job to finish', async () => {
      const status = (await (await fetch(`${api}/e2e`)).json()) as { state: string };
      return status.state === 'finished' ? true : undefined;
    });

    const store = new S3CheckpointStore(createS3Client(config), config.MATCHNET_S3_BUCKET, prefix);
    expect(await store.pointer('e2e', 'latest')).toBe(4);
    const test = await until('the test accuracy in Prometheus', async () => {
      const rows = await promql(`matchnet_fewshot_accuracy{training_job="e2e", split="test", prefix="${prefix}"}`);
      return rows[0];
    });
    expect(Number(test.value[1])).toBeGreaterThan(0.2);
    expect(Number(test.value[1])).toBeLessThanOrEqual(1);
    expect(await promql(`matchnet_fewshot_accuracy_ci95{training_job="e2e", split="val", prefix="${prefix}"}`)).toHaveLength(1);
    const objects: string[] = [];
    for await (const o of createS3Client(config).listObjectsV2(config.MATCHNET_S3_BUCKET, `${prefix}/e2e/`, true)) objects.push((o as { name: string }).name);
    expect(objects).toEqual(expect.arrayContaining([`${prefix}/e2e/step-00000002/model.json`, `${prefix}/e2e/step-00000004/weights.bin`, `${prefix}/e2e/latest.json`]));

    expect(objects.some((o) => o.endsWith('eval-val.json'))).toBe(true);

    // Equivalence: the distributed run's final parameters are the reference trainer's.
    const { tf } = await loadBackend('tensorflow');
    const distributed = await loadCheckpoint(store, 'e2e', 4);
    const reference = await trainReference(tf, initTrainingState(tf, spec), await openOmniglot());
    for (const name of Object.keys(reference.params)) {
      expect(Array.from(distributed.params[name]!.dataSync()), name).toEqual(Array.from(reference.params[name]!.dataSync()));
    }
  }, 300_000);

  it('ignores a duplicate gradient and rejects stale and unknown-job ones, counting them', async () => {
    const client = new ParameterClient(grpcAddress);
    try {
      const empty = { job: 'e2e', shard: 0, workerId: 'intruder', episodes: 1, loss: 1, accuracy: 0 };
      // Step 1 is long applied: a late retry is acknowledged and ignored.
      expect(await client.push({ ...empty, step: 1, parameterVersion: 1 }, [])).toMatchObject({ outcome: 'duplicate' });
      await expect(client.push({ ...empty, step: 4, parameterVersion: 4 }, [])).rejects.toMatchObject({ reason: 'stale-version' });
      await expect(client.push({ ...empty, job: 'nope', step: 0, parameterVersion: 0 }, [])).rejects.toMatchObject({ reason: 'unknown-job' });
    } finally {
      client.close();
    }
    const rejected = await until('the rejection counter in Prometheus', async () => {
      const rows = await promql(`sum(matchnet_gradients_rejected_total{prefix="${prefix}"})`);
      return rows[0] && Number(rows[0].value[1]) >= 2 ? rows[0] : undefined;
    });
    expect(Number(rejected.value[1])).toBe(2);
    const duplicates = await promql(`matchnet_gradients_duplicate_total{prefix="${prefix}"}`);
    expect(Number(duplicates[0]?.value[1])).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('a restarted evaluator exports the finished job’s stored accuracy again', async () => {
    const old = processes.find((p) => p.stderr().includes('evaluating checkpoints'))!;
    old.child.kill('SIGTERM');
    await old.exited;
    const fresh = spawnService('evaluator', serviceEnv);
    processes.push(fresh);
    const [, metricsUrl] = await fresh.waitFor(/metrics (http:\S+)/);
    await fresh.waitFor(/\] ready/);
    expect(fresh.stderr()).toMatch(/job e2e step \d+ test 5-way 1-shot: .*stored result/);
    const text = await (await fetch(metricsUrl!)).text();
    const line = text.split('\n').find((l) => l.startsWith('matchnet_fewshot_accuracy{') && l.includes('training_job="e2e"') && l.includes('split="test"'));
    expect(line, text).toBeDefined();
    expect(Number(line!.split(' ').at(-1))).toBeGreaterThan(0.2);
  }, 60_000);
});
