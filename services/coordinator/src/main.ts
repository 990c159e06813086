import { runServiceMain } from '@matchnet/cluster';
import { Coordinator } from './coordinator.js';
import { jobApi } from './http-api.js';

let coordinator: Coordinator | undefined;
await runServiceMain(
  'coordinator',
  async (service) => {
    coordinator = await Coordinator.start(service);
    service.logger.info(`job API http://${service.metrics.host}:${service.metrics.port}/jobs`);
    return () => coordinator!.close();
  },
  jobApi(() => coordinator),
);
