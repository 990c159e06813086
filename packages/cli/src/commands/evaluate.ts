import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { loadBackend } from '@matchnet/backend';
import { FileCheckpointStore, loadCheckpoint, type JobSpec } from '@matchnet/cluster';
import { evaluateModel, openDataset } from '@matchnet/fewshot';
import { option, parseOptions } from '../args.js';

export const evaluateUsage = `matchnet evaluate --job JOB [--checkpoints DIR] [--pointer best|latest] [--split test]
                  [--settings 5x1,5x5,20x1,20x5] [--episodes 1000] [--query 15] [--seed 1234] [--out FILE.json]
    The standard protocol on one checkpoint: fixed-seed episodes, mean ± 1.96·σ/√N over episodes.`;

export async function evaluateCommand(args: string[]): Promise<number> {
  const options = parseOptions(args);
  const job = option(options, 'job');
  if (!job) throw new Error('--job is required');
  const store = new FileCheckpointStore(resolve(option(options, 'checkpoints') ?? '.state/checkpoints'));
  const pointer = option(options, 'pointer') ?? 'best';
  const step = await store.pointer(job, pointer);
  if (step === undefined) throw new Error(`job ${job} has no ${pointer} checkpoint in ${store.description}`);
  const { tf } = await loadBackend();
  const state = await loadCheckpoint(store, job, step);
  const dataset = await openDataset((state.config as Partial<JobSpec>).dataset ?? { kind: 'omniglot' });
  const split = option(options, 'split') ?? 'test';
  const episodes = Number(option(options, 'episodes') ?? 1000);
  const query = Number(option(options, 'query') ?? 15);
  const seed = Number(option(options, 'seed') ?? 1234);
  const results = [];
  for (const setting of (option(options, 'settings') ?? '5x1,5x5,20x1,20x5').split(',')) {
    const [way, shot] = setting.split('x').map(Number) as [number, number];
    const started = Date.now();
    const r = await evaluateModel(tf, state.config.model, state.params, state.stats, dataset, { split, way, shot, query, episodes, seed });
    const row = { split, way, shot, query, episodes, seed, mean: r.mean, ci95: r.ci95, seconds: (Date.now() - started) / 1000 };
    results.push(row);
    console.log(`${split} ${way}-way ${shot}-shot: ${(r.mean * 100).toFixed(2)}% ± ${(r.ci95 * 100).toFixed(2)} (${episodes} episodes, ${row.seconds.toFixed(0)} s)`);
  }
  const out = option(options, 'out');
  if (out) await writeFile(out, `${JSON.stringify({ job, pointer, step, results }, null, 2)}\n`);
  return 0;
}
