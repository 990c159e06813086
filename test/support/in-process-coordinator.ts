import type { Tf } from '@matchnet/backend';
import { createEpisodeQueue, JobRegistry, type CheckpointStore, type JobSpec } from '@matchnet/cluster';
import type { FewShotDataset } from '@matchnet/fewshot';
import type { Redis } from 'ioredis';
import { startParameterServer } from '../../services/coordinator/src/parameter-service.js';
import { ShardLedger } from '../../services/coordinator/src/shard-ledger.js';
import { TrainingJob } from '../../services/coordinator/src/training-job.js';

/**
 * The coordinator's parts for one job, in the test process: registry entry, episode queue,
 * ledger, training job and gRPC server. Workers (in-process or spawned) connect to `address`.
 */
export async function startInProcessCoordinator(tf: Tf, spec: JobSpec, dataset: FewShotDataset, redis: Redis, url: string, prefix: string, store?: CheckpointStore) {
  const registry = new JobRegistry(redis, prefix);
  const created = await registry.create(spec);
  const queue = createEpisodeQueue(url, prefix);
  let duplicates = 0;
  let finished!: () => void;
  const done = new Promise<void>((resolve) => (finished = resolve));
  const job = new TrainingJob(tf, spec, dataset, queue, new ShardLedger(redis, prefix), store, { onFinished: () => finished() });
  const server = await startParameterServer(
    { job: (n) => (n === spec.job ? job : undefined), jobs: () => [job], onRejected: () => undefined, onDuplicate: () => void duplicates++ },
    '127.0.0.1',
    0,
  );
  return {
    created,
    registry,
    queue,
    job,
    done,
    address: `127.0.0.1:${server.port}`,
    duplicates: () => duplicates,
    async close() {
      await server.close();
      await queue.close();
    },
  };
}
