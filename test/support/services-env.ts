import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const run = promisify(execFile);

export type ServicesEnv = Record<string, string>;

/** Runs scripts/dev-services against one state folder and returns what it recorded. */
export async function devServices(command: 'start' | 'stop' | 'status', stateDir: string): Promise<string> {
  const { stdout } = await run('bash', [join(repoRoot, 'scripts/dev-services'), command, '--state', stateDir], {
    timeout: 120_000,
  });
  return stdout;
}

export async function readServicesEnv(stateDir: string): Promise<ServicesEnv> {
  const text = await readFile(join(stateDir, 'services.env'), 'utf8');
  return Object.fromEntries(
    text
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

