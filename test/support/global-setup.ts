import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { devServices, readServicesEnv, repoRoot, type ServicesEnv } from './services-env.js';

declare module 'vitest' {
  export interface ProvidedContext {
    services: ServicesEnv;
  }
}

/**
 * One set of real services per test run, in its own state folder and on its own ports,
 * with its own key prefix, so concurrent runs and leftovers never meet.
 */
export default async function setup(project: TestProject) {
  const runId = `${Date.now().toString(36)}-${process.pid}-${randomBytes(2).toString('hex')}`;
  const stateDir = join(repoRoot, '.state', 'test-runs', runId);
  await devServices('start', stateDir);
  const env = await readServicesEnv(stateDir);
  env.MATCHNET_KEY_PREFIX = `test-${runId}`;
  project.provide('services', env);
  return async () => {
    await devServices('stop', stateDir);
    await rm(stateDir, { recursive: true, force: true });
  };
}
