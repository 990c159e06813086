import { loadBackend, type LoadedBackend } from '@matchnet/backend';
import type { Redis } from 'ioredis';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { loadServiceConfig, type ServiceConfig } from '../config/service-config.js';
import { createLogger, type Logger } from '../logger.js';
import { startMetricsServer, type MetricsServer, type RouteHandler } from '../metrics/metrics-server.js';
import { registerPrometheusTarget, type PrometheusTarget } from '../metrics/prometheus-target.js';
import { connectRedis } from '../redis/connect-redis.js';

export type ServiceName = 'coordinator' | 'worker' | 'evaluator';

export interface RunningService {
  name: ServiceName;
  config: ServiceConfig;
  backend: LoadedBackend;
  redis: Redis;
  registry: Registry;
  metrics: MetricsServer;
  logger: Logger;
  shutdown(): Promise<void>;
}

/**
 * The boot sequence every service shares, in the order that fails fastest: config,
 * compute backend, Redis (noeviction enforced), then /metrics and Prometheus discovery.
 */
export async function startService(name: ServiceName, env: NodeJS.ProcessEnv = process.env, routes?: RouteHandler): Promise<RunningService> {
  const logger = createLogger(name);
  const config = loadServiceConfig(env);
  const backend = await loadBackend();
  logger.info(`compute ${backend.describe()}`);

  const redis = await connectRedis(config.MATCHNET_REDIS_URL);
  logger.info(`redis ${config.MATCHNET_REDIS_URL} (maxmemory-policy noeviction), key prefix ${config.MATCHNET_KEY_PREFIX}`);

  const registry = new Registry();
  registry.setDefaultLabels({ service: name });
  collectDefaultMetrics({ register: registry });
  new Gauge({
    name: 'matchnet_backend_info',
    help: 'Compute backend this process runs on (value is always 1).',
    labelNames: ['backend', 'device', 'package'],
    registers: [registry],
  })
    .labels(backend.backendName, backend.device, backend.packageName)
    .set(1);

  const metrics = await startMetricsServer(registry, config.MATCHNET_METRICS_HOST, config.MATCHNET_METRICS_PORT, routes);
  logger.info(`metrics ${metrics.url}`);
  let target: PrometheusTarget | undefined;
  if (config.MATCHNET_PROMETHEUS_TARGETS_DIR) {
    target = await registerPrometheusTarget(
      config.MATCHNET_PROMETHEUS_TARGETS_DIR,
      `${config.MATCHNET_KEY_PREFIX}-${name}-${process.pid}`,
      `${metrics.host}:${metrics.port}`,
      { prefix: config.MATCHNET_KEY_PREFIX },
    );
  }

  return {
    name,
    config,
    backend,
    redis,
    registry,
    metrics,
    logger,
    async shutdown() {
      await target?.remove();
      await metrics.close();
      await redis.quit();
    },
  };
}

/** Entry point helper: starts the service, exits with a one-line reason on any startup error. */
export async function runServiceMain(
  name: ServiceName,
  run: (service: RunningService) => Promise<() => Promise<void>> = async () => async () => undefined,
  routes?: RouteHandler,
): Promise<RunningService> {
  try {
    const service = await startService(name, process.env, routes);
    const stopWork = await run(service);
    const stop = (signal: string) => {
      service.logger.info(`${signal}: shutting down`);
      stopWork().then(() => service.shutdown()).then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
    service.logger.info('ready');
    return service;
  } catch (err) {
    createLogger(name).error(`refusing to start: ${(err as Error).message}`);
    process.exit(1);
  }
}
