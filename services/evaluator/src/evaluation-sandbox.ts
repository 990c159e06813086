import { loadBackend } from '@matchnet/backend';
import { connectRedis, JobRegistry, loadServiceConfig, openCheckpointStore, type EvaluationJobData } from '@matchnet/cluster';
import type { SandboxedJob } from 'bullmq';
import { CheckpointEvaluator, type EvaluationRecord } from './checkpoint-evaluator.js';

/**
 * BullMQ's sandboxed processor: evaluation runs in a child process, so neither the episodes'
 * compute nor preparing a split's images can starve the parent's lock renewal (a lost lock
 * means the job is evaluated again). The parent exports the returned records. One evaluator,
 * with its dataset caches, lives as long as the child.
 */
let evaluator: Promise<CheckpointEvaluator> | undefined;

async function create(): Promise<CheckpointEvaluator> {
  const config = loadServiceConfig();
  const { tf } = await loadBackend();
  const redis = await connectRedis(config.MATCHNET_REDIS_URL);
  return new CheckpointEvaluator(tf, new JobRegistry(redis, config.MATCHNET_KEY_PREFIX), openCheckpointStore(config));
}

export default async function evaluateCheckpoint(job: SandboxedJob<EvaluationJobData>): Promise<EvaluationRecord[]> {
  // A failed start-up is not cached: the next job tries again.
  evaluator ??= create().catch((err: unknown) => {
    evaluator = undefined;
    throw err;
  });
  return (await evaluator).evaluate(job.data);
}
