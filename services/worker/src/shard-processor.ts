import type { Tf } from '@matchnet/backend';
import { shardResultToWire, type JobRegistry, type JobSpec, type ParameterClient, type ShardJobData } from '@matchnet/cluster';
import { computeShardGradients, initMatchingNet, openDataset, type FewShotDataset, type ModelParams } from '@matchnet/fewshot';

interface LoadedJob {
  spec: JobSpec;
  dataset: FewShotDataset;
  params: ModelParams;
  /** The parameter version `params` holds; -1 before the first fetch. */
  version: number;
}

export interface ShardOutcome {
  outcome: 'accepted' | 'duplicate';
  version: number;
  computeMillis: number;
  episodes: number;
}

/**
 * A worker's unit of work: fetch the step's parameters (once per version), turn the
 * shard's episode specs into tensors, compute the gradient on the native backend, push it.
 * The BullMQ job completes only when this resolves, i.e. after the coordinator's ack.
 */
export class ShardProcessor {
  private readonly jobs = new Map<string, Promise<LoadedJob>>();

  constructor(
    private readonly tf: Tf,
    private readonly registry: JobRegistry,
    private readonly client: ParameterClient,
    private readonly workerId: string,
  ) {}

  private load(name: string): Promise<LoadedJob> {
    let job = this.jobs.get(name);
    if (!job) {
      job = (async () => {
        const spec = await this.registry.get(name);
        if (!spec) throw new Error(`job ${name} is not registered`);
        const dataset = await openDataset(spec.dataset);
        await dataset.prepare(spec.train.split);
        const { params, stats } = initMatchingNet(this.tf, spec.model, spec.seed);
        this.tf.dispose(Object.values(stats));
        return { spec, dataset, params, version: -1 };
      })();
      job.catch(() => this.jobs.delete(name));
      this.jobs.set(name, job);
    }
    return job;
  }

  private async sync(job: LoadedJob, version: number): Promise<void> {
    if (job.version === version) return;
    const tensors = await this.client.fetch(job.spec.job, version);
    for (const t of tensors) {
      if (!t.name.startsWith('param/')) continue;
      const variable = job.params[t.name.slice('param/'.length)];
      if (!variable || variable.shape.join('x') !== t.shape.join('x')) throw new Error(`coordinator sent ${t.name} [${t.shape}], which this job's model does not have`);
      const value = this.tf.tensor(t.data, t.shape);
      variable.assign(value);
      value.dispose();
    }
    job.version = version;
  }

  async process(data: ShardJobData): Promise<ShardOutcome> {
    const job = await this.load(data.job);
    await this.sync(job, data.version);
    const started = performance.now();
    const result = computeShardGradients(this.tf, job.spec.model, job.params, job.dataset, data.episodes);
    const tensors = shardResultToWire(result);
    this.tf.dispose([...Object.values(result.grads), ...Object.values(result.batchStats)]);
    const computeMillis = performance.now() - started;
    const ack = await this.client.push(
      { job: data.job, step: data.step, shard: data.shard, parameterVersion: data.version, workerId: this.workerId, episodes: result.episodes, loss: result.loss, accuracy: result.accuracy },
      tensors,
    );
    return { ...ack, computeMillis, episodes: result.episodes };
  }
}
