export { ConfigError, loadServiceConfig, serviceConfigSchema, type ServiceConfig } from './config/service-config.js';
export { createLogger, type Logger } from './logger.js';
export { startMetricsServer, type MetricsServer, type RouteHandler } from './metrics/metrics-server.js';
export { registerPrometheusTarget, type PrometheusTarget } from './metrics/prometheus-target.js';
export { assertNoEviction, connectRedis, RedisPolicyError } from './redis/connect-redis.js';
export { runServiceMain, startService, type RunningService, type ServiceName } from './service/start-service.js';
export { freePort } from './service/free-port.js';
export { createS3Client } from './storage/s3-client.js';
export { bullmqConnection } from './queue/bullmq-connection.js';
export { jobSpecSchema, JobSpecError, parseJobSpec, type JobSpec } from './config/job-spec.js';
export { CheckpointNotFoundError, stepKey, type CheckpointFiles, type CheckpointStore } from './storage/checkpoint-store.js';
export { FileCheckpointStore } from './storage/file-checkpoint-store.js';
export { loadMatchnetProto, protoPath } from './rpc/proto-loader.js';
export {
  DEFAULT_CHUNK_BYTES,
  encodeTensorStream,
  TensorStreamDecoder,
  TensorStreamError,
  type TensorChunkMessage,
  type TensorStreamFault,
  type WireTensor,
} from './rpc/tensor-stream.js';
export { S3CheckpointStore } from './storage/s3-checkpoint-store.js';
export { GradientRejected, type RejectionReason } from './rpc/gradient-rejection.js';
export { shardResultToWire } from './rpc/gradient-codec.js';
export { ParameterClient, type GradientPushHeader } from './rpc/parameter-client.js';
export { ERROR_TRAILER, type GradientHeaderMessage, type GradientMessage, type JobStatusMessage, type PushGradientReply } from './rpc/rpc-types.js';
export { createEpisodeQueue, enqueueStep, EPISODE_QUEUE, shardJobId, type ShardJobData } from './queue/episode-queue.js';
export { JobRegistry } from './queue/job-registry.js';
export { openCheckpointStore } from './storage/open-checkpoint-store.js';
export { createEvaluationQueue, enqueueEvaluation, EVALUATION_QUEUE, type EvaluationJobData } from './queue/evaluation-queue.js';
export { loadCheckpoint } from './storage/load-checkpoint.js';
