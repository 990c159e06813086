import type { Queue } from 'bullmq';
import { Counter, exponentialBuckets, Gauge, Histogram, type Registry } from 'prom-client';

/** The coordinator's metrics; names and labels are listed in the README. */
export function coordinatorMetrics(registry: Registry, queues: Queue[]) {
  const registers = [registry];
  new Gauge({
    name: 'matchnet_queue_jobs',
    help: 'BullMQ jobs per queue and state.',
    labelNames: ['queue', 'state'],
    registers,
    async collect() {
      for (const q of queues) {
        const counts = await q.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed');
        for (const [state, n] of Object.entries(counts)) this.labels(q.name, state).set(n);
      }
    },
  });
  return {
    steps: new Counter({ name: 'matchnet_steps_total', help: 'Training steps applied.', labelNames: ['training_job'], registers }),
    stepSeconds: new Histogram({ name: 'matchnet_step_seconds', help: 'Wall time from enqueueing a step to applying it.', labelNames: ['training_job'], buckets: exponentialBuckets(0.1, 2, 12), registers }),
    loss: new Gauge({ name: 'matchnet_train_loss', help: 'Mean training loss of the last step.', labelNames: ['training_job'], registers }),
    accuracy: new Gauge({ name: 'matchnet_train_accuracy', help: 'Mean training accuracy of the last step.', labelNames: ['training_job'], registers }),
    rejected: new Counter({ name: 'matchnet_gradients_rejected_total', help: 'Gradient pushes refused, by reason.', labelNames: ['reason'], registers }),
    duplicates: new Counter({ name: 'matchnet_gradients_duplicate_total', help: 'Gradient pushes acknowledged and ignored as duplicates.', registers }),
  };
}
