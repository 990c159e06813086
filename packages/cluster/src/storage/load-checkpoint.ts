import { decodeCheckpoint, type TrainingState } from '@matchnet/fewshot';
import type { CheckpointStore } from './checkpoint-store.js';

/** Reads and decodes one step's checkpoint; errors name the store, job and step. */
export async function loadCheckpoint(store: CheckpointStore, job: string, step: number): Promise<TrainingState> {
  const files = await store.get(job, step);
  return decodeCheckpoint(files.modelJson, files.weights, `${store.description}/${job}@${step}`);
}
