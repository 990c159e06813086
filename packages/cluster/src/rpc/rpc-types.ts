import type * as grpc from '@grpc/grpc-js';
import type { TensorChunkMessage } from './tensor-stream.js';

/** Message shapes as @grpc/proto-loader delivers them (camelCase, int64 as strings). */
export interface GradientHeaderMessage {
  job: string;
  step: string | number;
  shard: number;
  parameterVersion: string | number;
  workerId: string;
  episodes: number;
  loss: number;
  accuracy: number;
  tensors: number;
}

export interface GradientMessage {
  header?: GradientHeaderMessage;
  chunk?: TensorChunkMessage;
}

export interface PushGradientReply {
  outcome: 'ACCEPTED' | 'DUPLICATE';
  version: string | number;
}

export interface JobStatusMessage {
  job: string;
  state: string;
  step: string | number;
  totalSteps: string | number;
  version: string | number;
  shardsPerStep: number;
  shardsReceived: number;
  lastLoss: number;
  lastAccuracy: number;
}

export interface ParameterServiceClient extends grpc.Client {
  fetchParameters(request: { job: string; version: string }, options?: grpc.CallOptions): grpc.ClientReadableStream<TensorChunkMessage>;
  pushGradient(options: grpc.CallOptions, callback: (err: grpc.ServiceError | null, reply?: PushGradientReply) => void): grpc.ClientWritableStream<GradientMessage>;
  getJobStatus(request: { job: string }, options: grpc.CallOptions, callback: (err: grpc.ServiceError | null, reply?: JobStatusMessage) => void): void;
}

/** The trailer that names why a push or fetch was refused. */
export const ERROR_TRAILER = 'matchnet-error';
