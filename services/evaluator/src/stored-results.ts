import { CheckpointNotFoundError, type CheckpointStore } from '@matchnet/cluster';
import type { EvaluationRecord } from './checkpoint-evaluator.js';

/**
 * The results a job already has in the store: the latest checkpoint's val score and the best
 * one's test score, where they exist. A restarted evaluator exports them again, so that its
 * gauges cover finished jobs too and not only what it evaluates from then on.
 */
export async function storedResults(store: CheckpointStore, job: string): Promise<EvaluationRecord[]> {
  const found: EvaluationRecord[] = [];
  for (const [pointer, name] of [['latest', 'eval-val'], ['best', 'eval-test']] as const) {
    const step = await store.pointer(job, pointer);
    if (step === undefined) continue;
    try {
      found.push((await store.getResult(job, step, name)) as EvaluationRecord);
    } catch (err) {
      if (!(err instanceof CheckpointNotFoundError)) throw err;
    }
  }
  return found;
}
