import type { Tf } from '@matchnet/backend';
import { applyStep, type ShardResult, type StepSummary, type TrainingState } from '@matchnet/fewshot';
import { GradientRejected, type GradientPushHeader, type WireTensor } from '@matchnet/cluster';
import type { ShardLedger } from './shard-ledger.js';

/** A decoded push: the header fields, and `grad/<param>` for every parameter and `bn/<statistic>` for every running statistic. */
export type GradientPush = GradientPushHeader & { tensors: WireTensor[] };

export type PushOutcome = { outcome: 'accepted' | 'duplicate'; version: number; completed?: StepSummary };

/**
 * The coordinator's side of a step: checks each shard's gradient, accepts exactly one per
 * (job, step, shard), and once every shard is in, applies them in shard order through the
 * same applyStep the reference trainer uses, so a run's result depends on neither arrival
 * order nor the number of workers. The parameter version is the number of completed steps.
 */
export class StepAggregator {
  private readonly pending = new Map<number, ShardResult>();
  /** Pushes run one at a time: a step must not complete while another push is half-checked. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly tf: Tf,
    private readonly state: TrainingState,
    private readonly ledger: ShardLedger,
    private readonly onStep?: (summary: StepSummary) => void,
  ) {}

  get version(): number {
    return this.state.step;
  }

  get pendingShards(): number {
    return this.pending.size;
  }

  push(p: GradientPush): Promise<PushOutcome> {
    const run = this.queue.then(() => this.pushNow(p));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async pushNow(p: GradientPush): Promise<PushOutcome> {
    const { config } = this.state;
    if (p.job !== config.job) throw new GradientRejected('unknown-job', `no job ${p.job} here`);
    if (p.step < this.version) return { outcome: 'duplicate', version: this.version };
    if (p.step >= config.steps) throw new GradientRejected('stale-version', `job ${p.job} finished at step ${config.steps}`);
    if (p.step !== this.version || p.parameterVersion !== this.version) {
      throw new GradientRejected('stale-version', `gradient for step ${p.step} at parameter version ${p.parameterVersion}; the coordinator is at version ${this.version}`);
    }
    if (!Number.isInteger(p.shard) || p.shard < 0 || p.shard >= config.shardsPerStep) {
      throw new GradientRejected('invalid-shard', `shard ${p.shard} is outside 0..${config.shardsPerStep - 1}`);
    }
    const result = this.toShardResult(p);
    if (!(await this.ledger.claim(p.job, p.step, p.shard, p.workerId)) || this.pending.has(p.shard)) {
      this.tf.dispose([...Object.values(result.grads), ...Object.values(result.batchStats)]);
      return { outcome: 'duplicate', version: this.version };
    }
    this.pending.set(p.shard, result);
    if (this.pending.size < config.shardsPerStep) return { outcome: 'accepted', version: this.version };
    const ordered = [...this.pending.keys()].sort((a, b) => a - b).map((s) => this.pending.get(s)!);
    this.pending.clear();
    const completed = applyStep(this.tf, this.state, ordered);
    this.onStep?.(completed);
    return { outcome: 'accepted', version: this.version, completed };
  }

  /** Checks names, shapes and values before anything is kept. */
  private toShardResult(p: GradientPush): ShardResult {
    const byName = new Map(p.tensors.map((t) => [t.name, t]));
    const expected: Array<[string, number[]]> = [
      ...Object.entries(this.state.params).map(([n, v]) => [`grad/${n}`, v.shape] as [string, number[]]),
      ...Object.entries(this.state.stats).map(([n, t]) => [`bn/${n}`, t.shape] as [string, number[]]),
    ];
    if (byName.size !== expected.length || p.tensors.length !== expected.length) {
      throw new GradientRejected('shape-mismatch', `expected ${expected.length} tensors, got ${p.tensors.length}`);
    }
    for (const [name, shape] of expected) {
      const t = byName.get(name);
      if (!t) throw new GradientRejected('shape-mismatch', `missing tensor ${name}`);
      if (t.shape.join('x') !== shape.join('x')) throw new GradientRejected('shape-mismatch', `${name} has shape [${t.shape}], expected [${shape}]`);
      const bad = t.data.findIndex((v) => !Number.isFinite(v));
      if (bad >= 0) throw new GradientRejected('non-finite', `${name} holds ${t.data[bad]} at index ${bad}`);
    }
    if (!(p.episodes > 0) || !Number.isFinite(p.loss) || !Number.isFinite(p.accuracy)) {
      throw new GradientRejected('non-finite', `header has episodes=${p.episodes}, loss=${p.loss}, accuracy=${p.accuracy}`);
    }
    const tensor = (name: string) => this.tf.tensor(byName.get(name)!.data, byName.get(name)!.shape);
    return {
      grads: Object.fromEntries(Object.keys(this.state.params).map((n) => [n, tensor(`grad/${n}`)])),
      batchStats: Object.fromEntries(Object.keys(this.state.stats).map((n) => [n, tensor(`bn/${n}`)])) as ShardResult['batchStats'],
      loss: p.loss,
      accuracy: p.accuracy,
      episodes: p.episodes,
    };
  }
}
