import { Queue } from 'bullmq';
import { bullmqConnection } from './bullmq-connection.js';

export const EVALUATION_QUEUE = 'evaluations';

/** Evaluate the checkpoint of `job` at `step`; `final` marks the run's last checkpoint. */
export interface EvaluationJobData {
  job: string;
  step: number;
  final: boolean;
}

export function createEvaluationQueue(redisUrl: string, prefix: string): Queue<EvaluationJobData> {
  return new Queue<EvaluationJobData>(EVALUATION_QUEUE, { connection: bullmqConnection(redisUrl, 'producer'), prefix });
}

export async function enqueueEvaluation(queue: Queue<EvaluationJobData>, data: EvaluationJobData): Promise<void> {
  await queue.add('evaluate', data, {
    jobId: `${data.job}.eval${data.step}`,
    attempts: 3,
    backoff: { type: 'exponential', delay: 2000 },
    removeOnComplete: { age: 24 * 3600 },
    removeOnFail: { age: 7 * 24 * 3600 },
  });
}
