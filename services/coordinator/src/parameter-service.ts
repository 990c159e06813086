import * as grpc from '@grpc/grpc-js';
import {
  encodeTensorStream,
  ERROR_TRAILER,
  GradientRejected,
  loadMatchnetProto,
  TensorStreamDecoder,
  TensorStreamError,
  type GradientHeaderMessage,
  type GradientMessage,
  type JobStatusMessage,
  type WireTensor,
} from '@matchnet/cluster';
import type { TrainingState } from '@matchnet/fewshot';
import { HealthImplementation } from 'grpc-health-check';
import type { StepAggregator } from './step-aggregator.js';

export interface HostedJob {
  state: TrainingState;
  aggregator: StepAggregator;
  status(): JobStatusMessage;
  stepCompleted(): Promise<void>;
}

export interface ParameterServiceHooks {
  job(name: string): HostedJob | undefined;
  jobs(): HostedJob[];
  onRejected(reason: string): void;
  onDuplicate(): void;
}

const STATUS_OF: Record<string, grpc.status> = {
  'unknown-job': grpc.status.NOT_FOUND,
  'stale-version': grpc.status.FAILED_PRECONDITION,
  'invalid-shard': grpc.status.INVALID_ARGUMENT,
  'shape-mismatch': grpc.status.INVALID_ARGUMENT,
  'non-finite': grpc.status.INVALID_ARGUMENT,
  checksum: grpc.status.DATA_LOSS,
  truncated: grpc.status.DATA_LOSS,
};

function rejection(reason: string, details: string): grpc.ServiceError {
  const metadata = new grpc.Metadata();
  metadata.set(ERROR_TRAILER, reason);
  return Object.assign(new Error(details), { code: STATUS_OF[reason] ?? grpc.status.INVALID_ARGUMENT, details, metadata });
}

/** The parameters and running statistics of a job, as the tensors FetchParameters streams. */
export function parameterTensors(state: TrainingState): WireTensor[] {
  const out: WireTensor[] = [];
  for (const name of Object.keys(state.params).sort()) out.push({ name: `param/${name}`, shape: [...state.params[name]!.shape], data: Float32Array.from(state.params[name]!.dataSync()) });
  for (const name of Object.keys(state.stats).sort()) out.push({ name: `bn/${name}`, shape: [...state.stats[name]!.shape], data: Float32Array.from(state.stats[name]!.dataSync()) });
  return out;
}

/** Serves matchnet.v1.ParameterService and grpc.health.v1 on one server. */
export async function startParameterServer(hooks: ParameterServiceHooks, host: string, port: number): Promise<{ port: number; close(): Promise<void> }> {
  const proto = loadMatchnetProto() as unknown as { matchnet: { v1: { ParameterService: grpc.ServiceClientConstructor } } };
  const server = new grpc.Server({ 'grpc.keepalive_permit_without_calls': 1, 'grpc.http2.min_ping_interval_without_data_ms': 30_000 });
  const counts = { rejected: 0, duplicate: 0 };
  const rejected = (reason: string) => {
    counts.rejected++;
    hooks.onRejected(reason);
  };
  const health = new HealthImplementation({ '': 'SERVING', 'matchnet.v1.ParameterService': 'SERVING' });
  health.addToServer(server);

  server.addService(proto.matchnet.v1.ParameterService.service, {
    fetchParameters(call: grpc.ServerWritableStream<{ job: string; version: string }, unknown>) {
      const job = hooks.job(call.request.job);
      // grpc-js ends a server stream with a status by emitting it as 'error'.
      if (!job) return void call.emit('error', rejection('unknown-job', `no job ${call.request.job}`));
      const version = Number(call.request.version);
      if (version !== job.aggregator.version) {
        return void call.emit('error', rejection('stale-version', `version ${version} requested; the coordinator is at ${job.aggregator.version}`));
      }
      let first = true;
      for (const chunk of encodeTensorStream(parameterTensors(job.state))) {
        call.write(first ? { ...chunk, version: String(version) } : chunk);
        first = false;
      }
      call.end();
    },

    pushGradient(call: grpc.ServerReadableStream<GradientMessage, unknown>, callback: grpc.sendUnaryData<unknown>) {
      let header: GradientHeaderMessage | undefined;
      const decoder = new TensorStreamDecoder();
      let failed: grpc.ServiceError | undefined;
      const fail = (reason: string, details: string) => {
        failed ??= rejection(reason, details);
      };
      call.on('data', (m: GradientMessage) => {
        if (failed) return;
        try {
          if (m.header) header = m.header;
          else if (m.chunk) decoder.push(m.chunk);
        } catch (err) {
          fail(err instanceof TensorStreamError && err.fault !== 'protocol' ? err.fault : 'truncated', (err as Error).message);
        }
      });
      call.on('end', () => {
        void (async () => {
          if (!failed && !header) fail('truncated', 'the push carried no header');
          let tensors: WireTensor[] = [];
          if (!failed) {
            try {
              tensors = decoder.finish();
            } catch (err) {
              fail(err instanceof TensorStreamError && err.fault !== 'protocol' ? err.fault : 'truncated', (err as Error).message);
            }
          }
          const job = header && hooks.job(header.job);
          if (!failed && !job) fail('unknown-job', `no job ${header!.job}`);
          if (failed) {
            rejected(failed.metadata.get(ERROR_TRAILER)[0] as string);
            return callback(failed);
          }
          try {
            const h = header!;
            const result = await job!.aggregator.push({
              job: h.job,
              step: Number(h.step),
              shard: h.shard,
              parameterVersion: Number(h.parameterVersion),
              workerId: h.workerId,
              episodes: h.episodes,
              loss: h.loss,
              accuracy: h.accuracy,
              tensors,
            });
            if (result.outcome === 'duplicate') {
              counts.duplicate++;
              hooks.onDuplicate();
            }
            if (result.completed) await job!.stepCompleted();
            callback(null, { outcome: result.outcome === 'duplicate' ? 'DUPLICATE' : 'ACCEPTED', version: String(result.version) });
          } catch (err) {
            if (err instanceof GradientRejected) {
              rejected(err.reason);
              return callback(rejection(err.reason, err.message));
            }
            callback({ code: grpc.status.INTERNAL, details: (err as Error).message });
          }
        })();
      });
    },

    getJobStatus(call: grpc.ServerUnaryCall<{ job: string }, unknown>, callback: grpc.sendUnaryData<unknown>) {
      const job = hooks.job(call.request.job);
      if (!job) return callback(rejection('unknown-job', `no job ${call.request.job}`));
      callback(null, job.status());
    },

    getClusterStatus(_call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) {
      callback(null, { jobs: hooks.jobs().map((j) => j.status()), rejectedGradients: String(counts.rejected), duplicateGradients: String(counts.duplicate) });
    },
  });

  const bound = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${host}:${port}`, grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  return { port: bound, close: () => new Promise((resolve) => server.tryShutdown(() => resolve())) };
}
