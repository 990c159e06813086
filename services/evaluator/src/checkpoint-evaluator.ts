import type { Tf } from '@matchnet/backend';
import { loadCheckpoint, type CheckpointStore, type EvaluationJobData, type JobRegistry, type JobSpec } from '@matchnet/cluster';
import { disposeTrainingState, evaluateModel, openDataset, type AccuracySummary, type FewShotDataset } from '@matchnet/fewshot';

export interface EvaluationRecord {
  job: string;
  step: number;
  split: string;
  way: number;
  shot: number;
  query: number;
  episodes: number;
  seed: number;
  mean: number;
  ci95: number;
  seconds: number;
}

/**
 * Scores checkpoints: every one on val (the job's validation settings), moving the `best`
 * pointer by val accuracy only; the final one also triggers the single test evaluation, of
 * the best checkpoint, in the same (way, shot) setting. Results are written next to their
 * checkpoint and returned, for the caller to export.
 */
export class CheckpointEvaluator {
  private readonly datasets = new Map<string, Promise<FewShotDataset>>();

  constructor(
    private readonly tf: Tf,
    private readonly registry: JobRegistry,
    private readonly store: CheckpointStore,
  ) {}

  private dataset(job: string, source: Parameters<typeof openDataset>[0]): Promise<FewShotDataset> {
    let d = this.datasets.get(job);
    if (!d) this.datasets.set(job, (d = openDataset(source)));
    return d;
  }

  private async score(spec: JobSpec, step: number, phase: 'val' | 'test'): Promise<EvaluationRecord> {
    const { job } = spec;
    const state = await loadCheckpoint(this.store, job, step);
    const settings = phase === 'val' ? spec.validation : { ...spec.validation, ...spec.test };
    const split = settings.split;
    const started = Date.now();
    let result: AccuracySummary;
    try {
      result = await evaluateModel(this.tf, state.config.model, state.params, state.stats, await this.dataset(job, spec.dataset), settings);
    } finally {
      disposeTrainingState(this.tf, state);
    }
    const record: EvaluationRecord = {
      job,
      step,
      split,
      way: settings.way,
      shot: settings.shot,
      query: settings.query,
      episodes: settings.episodes,
      seed: settings.seed,
      mean: result.mean,
      ci95: result.ci95,
      seconds: (Date.now() - started) / 1000,
    };
    await this.store.putResult(job, step, `eval-${phase}`, record);
    return record;
  }

  async evaluate(data: EvaluationJobData): Promise<EvaluationRecord[]> {
    const spec = await this.registry.get(data.job);
    if (!spec) throw new Error(`job ${data.job} is not registered`);
    const val = await this.score(spec, data.step, 'val');
    const bestStep = await this.store.pointer(data.job, 'best');
    const best = bestStep === undefined ? undefined : ((await this.store.getResult(data.job, bestStep, 'eval-val')) as EvaluationRecord);
    const chosen = !best || val.mean > best.mean ? data.step : bestStep!;
    if (chosen === data.step) await this.store.setPointer(data.job, 'best', data.step);
    if (!data.final) return [val];
    return [val, await this.score(spec, chosen, 'test')];
  }
}
