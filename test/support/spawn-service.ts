import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './services-env.js';

export interface SpawnedService {
  child: ChildProcess;
  /** Everything the process wrote to stderr so far. */
  stderr(): string;
  /** Resolves with the first match of `pattern` in stderr, rejects if the process exits first. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  exited: Promise<number | null>;
}

/** Starts a built service (services/<name>/dist/main.js) as its own process. */
export function spawnService(name: string, env: NodeJS.ProcessEnv): SpawnedService {
  const child = spawn(process.execPath, [join(repoRoot, 'services', name, 'dist/main.js')], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  let text = '';
  const listeners = new Set<() => void>();
  child.stderr!.on('data', (chunk: Buffer) => {
    text += chunk.toString();
    for (const listener of listeners) listener();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    stderr: () => text,
    exited,
    waitFor(pattern, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => done(new Error(`timed out waiting for ${pattern}; stderr:\n${text}`)), timeoutMs);
        const check = () => {
          const match = text.match(pattern);
          if (match) done(undefined, match);
        };
        const done = (err?: Error, match?: RegExpMatchArray) => {
          clearTimeout(timer);
          listeners.delete(check);
          if (err) reject(err);
          else resolve(match!);
        };
        listeners.add(check);
        void exited.then((code) => done(new Error(`exited with ${code} before ${pattern}; stderr:\n${text}`)));
        check();
      });
    },
  };
}
