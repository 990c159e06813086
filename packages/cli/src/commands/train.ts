import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { loadBackend } from '@matchnet/backend';
import { FileCheckpointStore, loadCheckpoint, parseJobSpec, type CheckpointStore, type JobSpec } from '@matchnet/cluster';
import { encodeCheckpoint, initTrainingState, openDataset, trainReference, type TrainingState } from '@matchnet/fewshot';
import { applyOverrides, option, parseOptions } from '../args.js';

export const trainUsage = `matchnet train [--spec job.json] [--set path=value ...] [--checkpoints DIR] [--log FILE.jsonl]
               [--resume | --init-from JOB@STEP|JOB:best|JOB:latest]
    Trains in this process (the reference trainer). Checkpoints go to DIR/<job>/step-N with
    latest and best pointers (best by validation accuracy); --resume continues from latest.
    --init-from starts a new run (step 0, fresh optimizer, its own schedule) from another
    run's weights and batch-norm statistics in DIR; the model options must match.`;

export async function loadSpec(options: Map<string, string[]>) {
  const file = option(options, 'spec');
  const base = file ? (JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>) : {};
  return parseJobSpec(applyOverrides(base, options.get('set') ?? []));
}

export async function restoreLatest(store: CheckpointStore, job: string): Promise<TrainingState | undefined> {
  const step = await store.pointer(job, 'latest');
  return step === undefined ? undefined : loadCheckpoint(store, job, step);
}

/** Weights and running statistics of `JOB@STEP` or `JOB:pointer`, as the start of a new run. */
async function weightsOf(store: CheckpointStore, ref: string, spec: JobSpec): Promise<Pick<TrainingState, 'params' | 'stats'>> {
  const match = /^(.+?)(?:@(\d+)|:(best|latest))$/.exec(ref);
  if (!match) throw new Error(`--init-from ${ref}: expected JOB@STEP, JOB:best or JOB:latest`);
  const [, job = '', stepText, pointer] = match;
  const step = stepText !== undefined ? Number(stepText) : await store.pointer(job, pointer!);
  if (step === undefined) throw new Error(`--init-from ${ref}: job ${job} has no ${pointer} checkpoint in ${store.description}`);
  const source = await loadCheckpoint(store, job, step);
  source.adam.dispose();
  if (JSON.stringify(source.config.model) !== JSON.stringify(spec.model)) {
    throw new Error(`--init-from ${ref}: its model options differ from this job's; weights would not fit`);
  }
  return source;
}

export async function trainCommand(args: string[]): Promise<number> {
  const options = parseOptions(args, ['resume']);
  const initRef = option(options, 'init-from');
  if (initRef && option(options, 'resume')) throw new Error('--resume and --init-from exclude each other');
  const spec = await loadSpec(options);
  const { tf, describe } = await loadBackend();
  const store = new FileCheckpointStore(resolve(option(options, 'checkpoints') ?? '.state/checkpoints'));
  const logFile = option(options, 'log');
  if (logFile) await mkdir(dirname(resolve(logFile)), { recursive: true });
  const log = async (event: object) => {
    if (logFile) await appendFile(logFile, `${JSON.stringify({ time: new Date().toISOString(), ...event })}\n`);
  };

  const dataset = await openDataset(spec.dataset);
  const resumed = option(options, 'resume') ? await restoreLatest(store, spec.job) : undefined;
  if (resumed) {
    // Only the length may change on resume; anything else would make a different run.
    const differs = (a: object, b: object) => JSON.stringify({ ...a, steps: 0 }) !== JSON.stringify({ ...b, steps: 0 });
    if (differs(resumed.config, spec)) throw new Error(`--resume: the job spec differs from the one in checkpoint ${spec.job}@${resumed.step} (only steps may change)`);
    resumed.config = { ...resumed.config, steps: spec.steps };
  }
  const state = resumed ?? initTrainingState(tf, spec, initRef ? await weightsOf(store, initRef, spec) : undefined);
  const origin = resumed ? `resuming at step ${resumed.step}` : initRef ? `from the weights of ${initRef}` : 'from scratch';
  console.log(`${describe()}\njob ${spec.job}: ${spec.train.way}-way ${spec.train.shot}-shot, ${spec.steps} steps, ${origin}; checkpoints in ${store.description}`);
  await log({ event: 'start', spec, step: state.step, backend: describe(), ...(initRef ? { initFrom: initRef } : {}) });

  const started = Date.now();
  const startStep = state.step;
  await trainReference(tf, state, dataset, {
    onStep(s, millis) {
      void log({ event: 'step', ...s, millis: Math.round(millis) });
      if (s.step % 50 === 0 || s.step === spec.steps) {
        const perStep = (Date.now() - started) / (s.step - startStep);
        const eta = ((spec.steps - s.step) * perStep) / 1000;
        console.log(
          `step ${s.step}/${spec.steps}  loss ${s.loss.toFixed(4)}  acc ${(s.accuracy * 100).toFixed(1)}%  lr ${s.learningRate.toExponential(2)}  ` +
            `${((1000 * s.episodes) / perStep).toFixed(1)} episodes/s  ETA ${Math.round(eta)} s`,
        );
      }
    },
    async onValidation(step, r, isBest) {
      console.log(`validation @${step}: ${(r.mean * 100).toFixed(2)}% ± ${(r.ci95 * 100).toFixed(2)} on ${r.episodes} ${spec.validation.split} episodes${isBest ? ' (best)' : ''}`);
      await log({ event: 'validation', step, mean: r.mean, ci95: r.ci95, episodes: r.episodes, isBest, elapsedSeconds: (Date.now() - started) / 1000 });
      if (isBest) {
        const files = await encodeCheckpoint(state);
        await store.put(spec.job, step, files);
        await store.setPointer(spec.job, 'best', step);
      }
    },
    async onCheckpoint(s) {
      await store.put(spec.job, s.step, await encodeCheckpoint(s));
      await store.setPointer(spec.job, 'latest', s.step);
      await log({ event: 'checkpoint', step: s.step });
    },
  });
  console.log(`done: step ${state.step}; best validation ${state.best ? `${(state.best.accuracy * 100).toFixed(2)}% at step ${state.best.step}` : 'n/a'}`);
  return 0;
}
