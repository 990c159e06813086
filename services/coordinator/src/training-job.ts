import type { Tf } from '@matchnet/backend';
import { enqueueStep, type CheckpointStore, type JobSpec, type JobStatusMessage, type ShardJobData } from '@matchnet/cluster';
import { encodeCheckpoint, initTrainingState, shardEpisodes, type FewShotDataset, type StepSummary, type TrainingState } from '@matchnet/fewshot';
import type { Queue } from 'bullmq';
import type { HostedJob } from './parameter-service.js';
import type { ShardLedger } from './shard-ledger.js';
import { StepAggregator } from './step-aggregator.js';

export interface TrainingJobHooks {
  onStep?(job: TrainingJob, summary: StepSummary): void;
  /** A checkpoint landed in the store (per-step key, then the `latest` pointer). */
  onCheckpoint?(job: TrainingJob, step: number): void | Promise<void>;
  onFinished?(job: TrainingJob): void | Promise<void>;
}

/**
 * One training job on the coordinator: enqueues each step's shards, lets the aggregator
 * apply them, checkpoints on schedule and enqueues the next step until the last.
 */
export class TrainingJob implements HostedJob {
  readonly state: TrainingState;
  readonly aggregator: StepAggregator;
  private last?: StepSummary;
  private finished = false;

  constructor(
    private readonly tf: Tf,
    readonly spec: JobSpec,
    private readonly dataset: FewShotDataset,
    private readonly queue: Queue<ShardJobData>,
    ledger: ShardLedger,
    private readonly store: CheckpointStore | undefined,
    private readonly hooks: TrainingJobHooks = {},
    state?: TrainingState,
  ) {
    this.state = state ?? initTrainingState(tf, spec);
    this.aggregator = new StepAggregator(tf, this.state, ledger, (summary) => {
      this.last = summary;
      hooks.onStep?.(this, summary);
    });
  }

  get done(): boolean {
    return this.finished;
  }

  /** Enqueues the current step (idempotent: shard job ids are unique per step). */
  async start(): Promise<void> {
    if (this.state.step >= this.spec.steps) return this.finish();
    const step = this.state.step;
    await enqueueStep(
      this.queue,
      Array.from({ length: this.spec.shardsPerStep }, (_, shard) => ({
        job: this.spec.job,
        step,
        shard,
        version: step,
        episodes: shardEpisodes(this.spec, this.dataset, step, shard),
      })),
    );
  }

  /** Called by the parameter service after a step was applied. */
  async stepCompleted(): Promise<void> {
    const step = this.state.step;
    const last = step >= this.spec.steps;
    if (this.store && ((this.spec.checkpointEvery > 0 && step % this.spec.checkpointEvery === 0) || last)) {
      await this.store.put(this.spec.job, step, await encodeCheckpoint(this.state));
      await this.store.setPointer(this.spec.job, 'latest', step);
      await this.hooks.onCheckpoint?.(this, step);
    }
    if (last) return this.finish();
    await this.start();
  }

  private async finish(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    await this.hooks.onFinished?.(this);
  }

  status(): JobStatusMessage {
    return {
      job: this.spec.job,
      state: this.finished ? 'finished' : 'running',
      step: this.state.step,
      totalSteps: this.spec.steps,
      version: this.state.step,
      shardsPerStep: this.spec.shardsPerStep,
      shardsReceived: this.aggregator.pendingShards,
      lastLoss: this.last?.loss ?? 0,
      lastAccuracy: this.last?.accuracy ?? 0,
    };
  }
}
