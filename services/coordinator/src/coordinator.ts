import {
  createEpisodeQueue,
  createEvaluationQueue,
  enqueueEvaluation,
  JobRegistry,
  JobSpecError,
  loadCheckpoint,
  openCheckpointStore,
  parseJobSpec,
  type JobSpec,
  type RunningService,
} from '@matchnet/cluster';
import { openDataset, type TrainingState } from '@matchnet/fewshot';
import { coordinatorMetrics } from './coordinator-metrics.js';
import { startParameterServer } from './parameter-service.js';
import { ShardLedger } from './shard-ledger.js';
import { TrainingJob } from './training-job.js';

/** Hosts training jobs: the registry, the queues, the ledger, the store and the gRPC service. */
export class Coordinator {
  private readonly jobs = new Map<string, TrainingJob>();
  private readonly stepStarted = new Map<string, number>();

  private constructor(
    private readonly service: RunningService,
    readonly registry: JobRegistry,
    private readonly episodes: ReturnType<typeof createEpisodeQueue>,
    private readonly evaluations: ReturnType<typeof createEvaluationQueue>,
    private readonly metrics: ReturnType<typeof coordinatorMetrics>,
    readonly grpcPort: number,
    private readonly closeGrpc: () => Promise<void>,
  ) {}

  static async start(service: RunningService): Promise<Coordinator> {
    const { config } = service;
    const prefix = config.MATCHNET_KEY_PREFIX;
    const episodes = createEpisodeQueue(config.MATCHNET_REDIS_URL, prefix);
    const evaluations = createEvaluationQueue(config.MATCHNET_REDIS_URL, prefix);
    for (const q of [episodes, evaluations]) q.on('error', (err) => service.logger.error(`queue ${q.name}: ${err.message}`));
    const metrics = coordinatorMetrics(service.registry, [episodes, evaluations]);
    let coordinator: Coordinator | undefined;
    const server = await startParameterServer(
      {
        job: (name) => coordinator?.jobs.get(name),
        jobs: () => [...(coordinator?.jobs.values() ?? [])],
        onRejected: (reason) => metrics.rejected.labels(reason).inc(),
        onDuplicate: () => metrics.duplicates.inc(),
      },
      config.MATCHNET_GRPC_HOST,
      config.MATCHNET_GRPC_PORT,
    );
    service.logger.info(`gRPC ParameterService on ${config.MATCHNET_GRPC_HOST}:${server.port}`);
    coordinator = new Coordinator(service, new JobRegistry(service.redis, prefix), episodes, evaluations, metrics, server.port, server.close);
    // Jobs registered before a restart resume from their latest checkpoint.
    for (const name of await coordinator.registry.names()) await coordinator.host((await coordinator.registry.get(name))!);
    return coordinator;
  }

  /** Validates and starts a job; the error names the bad field or the clash. */
  async submit(input: unknown): Promise<JobSpec> {
    const spec = parseJobSpec(input);
    if (!(await this.registry.create(spec))) throw new JobSpecError(`a job named ${spec.job} exists already`);
    await this.host(spec);
    return spec;
  }

  private async host(spec: JobSpec): Promise<void> {
    const { tf } = this.service.backend;
    const store = openCheckpointStore(this.service.config);
    const dataset = await openDataset(spec.dataset);
    const ledger = new ShardLedger(this.service.redis, this.service.config.MATCHNET_KEY_PREFIX);
    let state: TrainingState | undefined;
    const latest = await store.pointer(spec.job, 'latest');
    if (latest !== undefined) {
      state = await loadCheckpoint(store, spec.job, latest);
      // Claims for the unapplied step died with the previous process's gradients.
      await ledger.release(spec.job, state.step);
      this.service.logger.info(`job ${spec.job}: resuming from checkpoint step ${latest}`);
    }
    const job = new TrainingJob(tf, spec, dataset, this.episodes, ledger, store, {
      onStep: (j, s) => {
        this.metrics.steps.labels(spec.job).inc();
        this.metrics.loss.labels(spec.job).set(s.loss);
        this.metrics.accuracy.labels(spec.job).set(s.accuracy);
        const started = this.stepStarted.get(spec.job);
        if (started) this.metrics.stepSeconds.labels(spec.job).observe((Date.now() - started) / 1000);
        this.stepStarted.set(spec.job, Date.now());
        if (s.step % 10 === 0 || s.step === spec.steps) this.service.logger.info(`job ${spec.job}: step ${s.step}/${spec.steps} loss ${s.loss.toFixed(4)} acc ${(s.accuracy * 100).toFixed(1)}%`);
      },
      onCheckpoint: async (_, step) => {
        await enqueueEvaluation(this.evaluations, { job: spec.job, step, final: step >= spec.steps });
        this.service.logger.info(`job ${spec.job}: checkpoint ${step} in ${store.description}`);
      },
      onFinished: () => this.service.logger.info(`job ${spec.job}: finished`),
    }, state);
    this.jobs.set(spec.job, job);
    this.stepStarted.set(spec.job, Date.now());
    await job.start();
  }

  status(name: string) {
    return this.jobs.get(name)?.status();
  }

  list() {
    return [...this.jobs.values()].map((j) => j.status());
  }

  async close(): Promise<void> {
    await this.closeGrpc();
    await this.episodes.close();
    await this.evaluations.close();
  }
}
