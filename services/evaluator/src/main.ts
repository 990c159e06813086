import { fileURLToPath } from 'node:url';
import { bullmqConnection, EVALUATION_QUEUE, JobRegistry, openCheckpointStore, runServiceMain, type EvaluationJobData } from '@matchnet/cluster';
import { Worker } from 'bullmq';
import { Gauge, Histogram } from 'prom-client';
import type { EvaluationRecord } from './checkpoint-evaluator.js';
import { storedResults } from './stored-results.js';

await runServiceMain('evaluator', async (service) => {
  const { config, registry, logger } = service;
  const labelNames = ['training_job', 'split', 'way', 'shot'];
  const accuracy = new Gauge({ name: 'matchnet_fewshot_accuracy', help: 'Mean few-shot accuracy over the evaluation episodes.', labelNames, registers: [registry] });
  const ci95 = new Gauge({ name: 'matchnet_fewshot_accuracy_ci95', help: 'Half-width of the 95% interval of the accuracy.', labelNames, registers: [registry] });
  const step = new Gauge({ name: 'matchnet_fewshot_evaluated_step', help: 'Checkpoint step of the latest evaluation.', labelNames, registers: [registry] });
  const duration = new Histogram({ name: 'matchnet_evaluation_seconds', help: 'Time to evaluate one checkpoint on one split.', labelNames: ['training_job', 'split'], buckets: [1, 2, 5, 10, 30, 60, 120, 300, 600, 1200], registers: [registry] });
  /** `stored`: read back from the store at start-up, not a new evaluation. */
  const exportResult = (r: EvaluationRecord, stored: boolean) => {
    const labels = { training_job: r.job, split: r.split, way: String(r.way), shot: String(r.shot) };
    accuracy.set(labels, r.mean);
    ci95.set(labels, r.ci95);
    step.set(labels, r.step);
    if (!stored) duration.labels(r.job, r.split).observe(r.seconds);
    logger.info(`job ${r.job} step ${r.step} ${r.split} ${r.way}-way ${r.shot}-shot: ${(r.mean * 100).toFixed(2)}% ± ${(r.ci95 * 100).toFixed(2)} (${r.episodes} episodes)${stored ? ', stored result' : ''}`);
  };

  const store = openCheckpointStore(config);
  // Before consuming, so that a new evaluation's gauges are never overwritten by stored ones.
  for (const job of await new JobRegistry(service.redis, config.MATCHNET_KEY_PREFIX).names()) {
    try {
      for (const r of await storedResults(store, job)) exportResult(r, true);
    } catch (err) {
      logger.error(`could not read the stored results of job ${job}: ${(err as Error).message}`);
    }
  }
  // Concurrency 1; the evaluation runs in BullMQ's sandboxed child process, so this process's
  // event loop stays free to renew the job's lock (test/evaluator-stall.test.ts).
  const worker = new Worker<EvaluationJobData, EvaluationRecord[]>(EVALUATION_QUEUE, fileURLToPath(new URL('./evaluation-sandbox.js', import.meta.url)), {
    connection: bullmqConnection(config.MATCHNET_REDIS_URL, 'consumer'),
    prefix: config.MATCHNET_KEY_PREFIX,
    concurrency: 1,
    lockDuration: config.MATCHNET_LOCK_MS,
    stalledInterval: config.MATCHNET_LOCK_MS,
  });
  worker.on('completed', (_job, records) => records.forEach((r) => exportResult(r, false)));
  worker.on('stalled', (id) => logger.error(`evaluation ${id} stalled`));
  worker.on('error', (err) => logger.error(`queue: ${err.message}`));
  worker.on('failed', (job, err) => logger.error(`evaluation ${job?.id} failed: ${err.message}`));
  logger.info(`evaluating checkpoints from ${store.description}`);
  return () => worker.close();
});
