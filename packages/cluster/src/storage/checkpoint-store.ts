/** The two files of a TF.js weights manifest checkpoint. */
export interface CheckpointFiles {
  modelJson: unknown;
  weights: Uint8Array;
}

/**
 * Where checkpoints live. Each step's files go under an immutable per-step key first;
 * only then does a small named pointer (`latest`, `best`) move to it, so readers never
 * see a half-written checkpoint.
 */
export interface CheckpointStore {
  readonly description: string;
  put(job: string, step: number, files: CheckpointFiles): Promise<string>;
  get(job: string, step: number): Promise<CheckpointFiles>;
  setPointer(job: string, pointer: string, step: number): Promise<void>;
  /** The step a pointer names, or undefined if it was never set. */
  pointer(job: string, pointer: string): Promise<number | undefined>;
  /** A small JSON document stored next to a step's checkpoint (an evaluation result). */
  putResult(job: string, step: number, name: string, result: unknown): Promise<void>;
  getResult(job: string, step: number, name: string): Promise<unknown>;
}

export class CheckpointNotFoundError extends Error {
  override name = 'CheckpointNotFoundError';
}

export const stepKey = (step: number) => `step-${String(step).padStart(8, '0')}`;
