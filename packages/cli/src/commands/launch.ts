import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, parseJobSpec } from '@matchnet/cluster';
import { applyOverrides, option, parseOptions } from '../args.js';

export const launchUsage = `matchnet launch [--workers N] [--full] [--set path=value ...]
    Runs the local cluster as processes (coordinator, N workers, evaluator) against the
    services in $MATCHNET_STATE_DIR/services.env, submits the job, shows progress and ends
    with the evaluator's accuracy table.`;

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

/** The default main job: short enough for about 30 minutes on 2 cores. --full trains the long run. */
export const QUICK_JOB = {
  job: 'omniglot-5w1s',
  train: { way: 10, shot: 1, query: 5 },
  shardsPerStep: 2,
  steps: 2000,
  optimizer: { learningRate: 3e-3, schedule: { kind: 'step', every: 800, gamma: 0.5 } },
  validation: { way: 5, shot: 1, query: 15, episodes: 200, every: 0 },
  checkpointEvery: 500,
};

export interface ClusterProcess {
  name: string;
  child: ChildProcess;
  ready: Promise<void>;
}

/** Starts one service's built entry point, resolving `ready` on its "ready" log line. */
export function startProcess(name: string, service: string, env: NodeJS.ProcessEnv, log: (line: string) => void): ClusterProcess {
  const child = spawn(process.execPath, [join(repoRoot, 'services', service, 'dist/main.js')], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let buffer = '';
  const ready = new Promise<void>((resolveReady, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (/\bINFO|ERROR\b/.test(line)) log(`${name.padEnd(12)} ${line.replace(/^\S+ \S+ \[\w+\] /, '')}`);
        if (/\] ready$/.test(line)) resolveReady();
      }
    });
    child.on('exit', (code) => reject(new Error(`${name} exited with code ${code}`)));
  });
  ready.catch(() => undefined);
  return { name, child, ready };
}

export async function launchCommand(args: string[]): Promise<number> {
  const options = parseOptions(args, ['full']);
  const workers = Number(option(options, 'workers') ?? 2);
  const base = option(options, 'full') ? { job: 'omniglot-5w1s-full', shardsPerStep: 2, steps: 10_000, validation: { every: 0 }, checkpointEvery: 1000 } : structuredClone(QUICK_JOB);
  const spec = parseJobSpec(applyOverrides(base as Record<string, unknown>, options.get('set') ?? []));
  const apiPort = await freePort();
  const grpcPort = await freePort();
  const env = { ...process.env, MATCHNET_GRPC_PORT: String(grpcPort), MATCHNET_COORDINATOR_ADDRESS: `127.0.0.1:${grpcPort}` };
  const quiet = (line: string) => {
    if (!/step \d+\/\d+/.test(line)) console.log(line);
  };
  const processes: ClusterProcess[] = [startProcess('coordinator', 'coordinator', { ...env, MATCHNET_METRICS_PORT: String(apiPort) }, quiet)];
  const stopAll = () => processes.forEach((p) => p.child.kill('SIGTERM'));
  process.once('SIGINT', () => {
    stopAll();
    process.exit(130);
  });
  try {
    await processes[0]!.ready;
    for (let i = 0; i < workers; i++) processes.push(startProcess(`worker-${i}`, 'worker', { ...env, MATCHNET_WORKER_ID: `worker-${i}` }, quiet));
    processes.push(startProcess('evaluator', 'evaluator', env, console.log));
    await Promise.all(processes.map((p) => p.ready));

    const api = `http://127.0.0.1:${apiPort}/jobs`;
    const submitted = await fetch(api, { method: 'POST', body: JSON.stringify(spec) });
    if (submitted.status !== 201 && submitted.status !== 409) throw new Error(`job submission failed: ${await submitted.text()}`);
    console.log(
      submitted.status === 201
        ? `submitted ${spec.job}: ${spec.train.way}-way ${spec.train.shot}-shot, ${spec.steps} steps × ${spec.shardsPerStep} shards, ${workers} workers`
        : `job ${spec.job} exists already in this state folder: following it (it resumes from its latest checkpoint, or shows its results if it finished); --set job=NAME starts a new one`,
    );

    const started = Date.now();
    let startStep: number | undefined;
    let polls = 0;
    for (;;) {
      await new Promise((r) => setTimeout(r, 3000));
      const status = (await (await fetch(`${api}/${spec.job}`)).json()) as { step: string; totalSteps: string; lastLoss: number; lastAccuracy: number; state: string };
      const step = Number(status.step);
      startStep ??= step;
      const rate = (step - startStep) / ((Date.now() - started) / 1000);
      const eta = rate > 0 ? Math.round((spec.steps - step) / rate) : NaN;
      if (status.state === 'finished' && step === startStep) break; // finished before this launch
      const line = `step ${step}/${spec.steps}  ${(rate * spec.shardsPerStep * spec.episodesPerShard).toFixed(2)} episodes/s  loss ${status.lastLoss.toFixed(4)}  train acc ${(status.lastAccuracy * 100).toFixed(1)}%  ETA ${Number.isNaN(eta) ? '?' : `${eta} s`}`;
      // A terminal gets one line rewritten in place; a log file gets a line every 30 s.
      if (process.stdout.isTTY) process.stdout.write(`\r${line}   `);
      else if (++polls % 10 === 1 || status.state === 'finished') console.log(line);
      if (status.state === 'finished') break;
    }
    console.log('\ntraining finished; waiting for the evaluator');
    const promUrl = process.env.MATCHNET_PROMETHEUS_URL;
    const query = (q: string) =>
      fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent(q)}`).then(async (r) => ((await r.json()) as { data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> } }).data.result);
    let rows: Awaited<ReturnType<typeof query>> = [];
    for (let i = 0; i < 400 && !rows.some((r) => r.metric.split === 'test'); i++) {
      await new Promise((r) => setTimeout(r, 3000));
      rows = await query(`matchnet_fewshot_accuracy{training_job="${spec.job}"}`);
    }
    const cis = await query(`matchnet_fewshot_accuracy_ci95{training_job="${spec.job}"}`);
    console.log('\nfew-shot accuracy (from Prometheus):\n\n| split | setting | accuracy (95% CI) |\n|---|---|---|');
    for (const r of rows) {
      const ci = cis.find((c) => c.metric.split === r.metric.split)?.value[1];
      console.log(`| ${r.metric.split} | ${r.metric.way}-way ${r.metric.shot}-shot | ${(Number(r.value[1]) * 100).toFixed(2)}% ± ${(Number(ci) * 100).toFixed(2)} |`);
    }
    console.log(`\ncheckpoints: ${process.env.MATCHNET_S3_ENDPOINT ? `s3://${process.env.MATCHNET_S3_BUCKET ?? 'matchnet'}/${process.env.MATCHNET_KEY_PREFIX ?? 'matchnet'}/${spec.job}/ at ${process.env.MATCHNET_S3_ENDPOINT}` : resolve(process.env.MATCHNET_CHECKPOINT_DIR ?? '.state/checkpoints')}`);
    console.log(`metrics:     ${promUrl} (e.g. matchnet_fewshot_accuracy, matchnet_steps_total)`);
    return rows.some((r) => r.metric.split === 'test') ? 0 : 1;
  } finally {
    stopAll();
  }
}
