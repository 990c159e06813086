import { z } from 'zod';

/**
 * Settings every service reads from its environment. scripts/dev-services writes the
 * matching variables to <state>/services.env, so `set -a; . services.env` wires a shell up.
 */
export const serviceConfigSchema = z.object({
  MATCHNET_REDIS_URL: z.url({ protocol: /^rediss?$/ }).default('redis://127.0.0.1:6379'),
  /** Namespaces every Redis key and queue, so that test runs never collide. */
  MATCHNET_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only (BullMQ forbids ":")')
    .default('matchnet'),
  MATCHNET_S3_ENDPOINT: z.url().optional(),
  MATCHNET_S3_ACCESS_KEY: z.string().min(3).optional(),
  MATCHNET_S3_SECRET_KEY: z.string().min(8).optional(),
  MATCHNET_PROMETHEUS_TARGETS_DIR: z.string().optional(),
  MATCHNET_METRICS_HOST: z.string().default('127.0.0.1'),
  /** 0 picks a free port. The coordinator serves its HTTP API on this port too. */
  MATCHNET_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  MATCHNET_GRPC_HOST: z.string().default('127.0.0.1'),
  MATCHNET_GRPC_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  /** Where workers reach the coordinator's ParameterService. */
  MATCHNET_COORDINATOR_ADDRESS: z.string().default('127.0.0.1:50051'),
  MATCHNET_S3_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{2,62}$/, 'an S3 bucket name').default('matchnet'),
  /** Checkpoints go here when no S3 endpoint is configured. */
  MATCHNET_CHECKPOINT_DIR: z.string().default('.state/checkpoints'),
  MATCHNET_WORKER_ID: z.string().optional(),
  /** BullMQ lock duration for shard jobs; must exceed the longest compute stall. */
  MATCHNET_LOCK_MS: z.coerce.number().int().min(1000).default(60_000),
});

export type ServiceConfig = z.infer<typeof serviceConfigSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadServiceConfig(env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  const parsed = serviceConfigSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`invalid service environment: ${problems}`);
  }
  return parsed.data;
}
