import * as grpc from '@grpc/grpc-js';
import { loadBackend, type Tf } from '@matchnet/backend';
import { connectRedis, GradientRejected, loadMatchnetProto, loadServiceConfig, ParameterClient, parseJobSpec, shardResultToWire } from '@matchnet/cluster';
import { computeShardGradients, initTrainingState, openOmniglot, shardEpisodes, type OmniglotDataset, type TrainingState } from '@matchnet/fewshot';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parameterTensors, startParameterServer, type HostedJob } from '../src/parameter-service.js';
import { ShardLedger } from '../src/shard-ledger.js';
import { StepAggregator } from '../src/step-aggregator.js';

const env = inject('services');
let tf: Tf;
let dataset: OmniglotDataset;
let redis: Redis;
let state: TrainingState;
let server: Awaited<ReturnType<typeof startParameterServer>>;
let client: ParameterClient;
const counts = { rejected: [] as string[], duplicates: 0, completed: 0 };

beforeAll(async () => {
  ({ tf } = await loadBackend('tensorflow'));
  dataset = await openOmniglot();
  await dataset.prepare('val');
  redis = await connectRedis(loadServiceConfig(env).MATCHNET_REDIS_URL);
  const spec = parseJobSpec({ job: `rpc-${Date.now()}`, model: { encoder: { depth: 2, width: 8 } }, train: { split: 'val', query: 2 }, shardsPerStep: 2, validation: { every: 0 } });
  state = initTrainingState(tf, spec);
  const aggregator = new StepAggregator(tf, state, new ShardLedger(redis, env.MATCHNET_KEY_PREFIX!));
  const hosted: HostedJob = { state, aggregator, stepCompleted: async () => void counts.completed++, status: () => ({ job: spec.job, state: 'running', step: state.step, totalSteps: spec.steps, version: state.step, shardsPerStep: 2, shardsReceived: 0, lastLoss: 0, lastAccuracy: 0 }) };
  server = await startParameterServer(
    {
      job: (name) => (name === spec.job ? hosted : undefined),
      jobs: () => [hosted],
      onRejected: (reason) => counts.rejected.push(reason),
      onDuplicate: () => counts.duplicates++,
    },
    '127.0.0.1',
    0,
  );
  client = new ParameterClient(`127.0.0.1:${server.port}`);
});
afterAll(async () => {
  client.close();
  await server.close();
  await redis.quit();
});

const push = (shard: number, version = state.step) => {
  const r = computeShardGradients(tf, state.config.model, state.params, dataset, shardEpisodes(state.config, dataset, state.step, shard));
  const tensors = shardResultToWire(r);
  tf.dispose([...Object.values(r.grads), ...Object.values(r.batchStats)]);
  return client.push({ job: state.config.job, step: state.step, shard, parameterVersion: version, workerId: 'test', episodes: r.episodes, loss: r.loss, accuracy: r.accuracy }, tensors);
};

describe('ParameterService over gRPC', () => {
  it('streams the parameters of the current version', async () => {
    const fetched = await client.fetch(state.config.job, 0);
    expect(fetched.map((t) => t.name)).toEqual(parameterTensors(state).map((t) => t.name));
    expect(fetched[0]!.data).toEqual(parameterTensors(state)[0]!.data);
    await expect(new ParameterClient(`127.0.0.1:${server.port}`).fetch(state.config.job, 3)).rejects.toThrow(GradientRejected);
  });

  it('accepts one gradient per shard, completes the step, and ignores duplicates', async () => {
    expect(await push(0)).toEqual({ outcome: 'accepted', version: 0 });
    expect(await push(0)).toEqual({ outcome: 'duplicate', version: 0 });
    expect(await push(1)).toEqual({ outcome: 'accepted', version: 1 });
    expect(counts.completed).toBe(1);
    expect(counts.duplicates).toBe(1);
  });

  it('rejects a stale gradient and a truncated stream with their reasons', async () => {
    await expect(push(0, 0)).rejects.toMatchObject({ reason: 'stale-version' });
    const proto = loadMatchnetProto() as unknown as { matchnet: { v1: { ParameterService: grpc.ServiceClientConstructor } } };
    const raw = new proto.matchnet.v1.ParameterService(`127.0.0.1:${server.port}`, grpc.credentials.createInsecure()) as unknown as {
      pushGradient(cb: (e: grpc.ServiceError | null) => void): grpc.ClientWritableStream<unknown>;
      close(): void;
    };
    const error = await new Promise<grpc.ServiceError | null>((resolve) => {
      const call = raw.pushGradient((e) => resolve(e));
      call.write({ header: { job: state.config.job, step: '1', shard: 0, parameterVersion: '1', workerId: 'raw', episodes: 1, loss: 1, accuracy: 0, tensors: 1 } });
      call.write({ chunk: { header: { name: 'grad/x', shape: ['10'], crc32: 0 } } });
      call.write({ chunk: { data: new Uint8Array(12) } });
      call.end();
    });
    raw.close();
    expect(error?.code).toBe(grpc.status.DATA_LOSS);
    expect(error?.metadata.get('matchnet-error')).toEqual(['truncated']);
    expect(counts.rejected).toEqual(['stale-version', 'truncated']);
    const cluster = await new Promise<Record<string, unknown>>((resolve, reject) => {
      const c = new proto.matchnet.v1.ParameterService(`127.0.0.1:${server.port}`, grpc.credentials.createInsecure()) as unknown as {
        getClusterStatus(req: object, cb: (e: Error | null, r: Record<string, unknown>) => void): void;
        close(): void;
      };
      c.getClusterStatus({}, (e, r) => (c.close(), e ? reject(e) : resolve(r)));
    });
    expect(cluster).toMatchObject({ rejectedGradients: '2', duplicateGradients: '1' });
  });
});
