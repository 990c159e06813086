// Turns training logs (matchnet train --log) and a test evaluation into a report:
//   node bench/training-report.mjs <log.jsonl>[,<next-phase.log.jsonl>...] [test.json] [out-prefix]
// writes <out-prefix>.md (validation curve and test table) and <out-prefix>.png (val accuracy vs
// time). Comma-separated logs are phases of one model (each started with --init-from the one
// before); their times add up.
import { readFile, writeFile } from 'node:fs/promises';
import sharp from 'sharp';

const [logList, testPath, prefixArg] = process.argv.slice(2);
const logPaths = logList.split(',');
const prefix = prefixArg ?? logPaths.at(-1).replace(/\.log\.jsonl$/, '');
const phases = [];
let offset = 0;
for (const path of logPaths) {
  const events = (await readFile(path, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
  const start = events.find((e) => e.event === 'start');
  const vals = events.filter((e) => e.event === 'validation').map((e) => ({ ...e, elapsedSeconds: e.elapsedSeconds + offset }));
  phases.push({ start, vals, steps: events.filter((e) => e.event === 'step') });
  offset = vals.at(-1).elapsedSeconds;
}
const v = phases[0].start.spec.validation;
const protocol = ({ every, ...rest }) => JSON.stringify(rest); // how often is not what
for (const p of phases) {
  if (protocol(p.start.spec.validation) !== protocol(v)) throw new Error(`${p.start.spec.job}: validation settings differ from the first phase's; the curve would mix protocols`);
}
const vals = phases.flatMap((p) => p.vals);
const last = phases.at(-1).start;
const pct = (x) => (x * 100).toFixed(2);

const lines = [`# ${last.spec.job}`, ''];
for (const { start } of phases) {
  const t = start.spec.train;
  const lr = start.spec.optimizer;
  lines.push(
    `- \`${start.spec.job}\`: ${t.way}-way ${t.shot}-shot (${t.query} queries) on \`${t.split}\`, ${start.spec.steps} steps, lr ${lr.learningRate} ` +
      `(${lr.schedule.kind === 'step' ? `halved every ${lr.schedule.every}` : lr.schedule.kind}), ${start.initFrom ? `from the weights of \`${start.initFrom}\` (fresh Adam)` : 'from scratch'}.`,
  );
}
lines.push(
  '',
  `On ${last.backend}. Validation: ${v.way}-way ${v.shot}-shot on \`${v.split}\`, ${v.episodes} episodes, seed ${v.seed}; wall time adds up over the phases.`,
  '',
  '| phase | step | wall time (min) | train loss (last 100 steps) | val accuracy |',
  '|---|---|---|---|---|',
  ...phases.flatMap(({ start, vals: pv, steps }) =>
    pv.map((e) => {
      const recent = steps.filter((s) => s.step <= e.step && s.step > e.step - 100);
      const loss = recent.reduce((n, s) => n + s.loss, 0) / Math.max(1, recent.length);
      return `| ${start.spec.job} | ${e.step} | ${(e.elapsedSeconds / 60).toFixed(1)} | ${loss.toFixed(4)} | ${pct(e.mean)} ± ${pct(e.ci95)}${e.isBest ? ' (best)' : ''} |`;
    }),
  ),
);
if (testPath) {
  const test = JSON.parse(await readFile(testPath, 'utf8'));
  lines.push('', `Test (\`${test.job}\` \`${test.pointer}\` checkpoint, step ${test.step}; used once):`, '', '| setting | accuracy (95% CI) | episodes |', '|---|---|---|');
  for (const r of test.results) lines.push(`| ${r.way}-way ${r.shot}-shot | ${pct(r.mean)} ± ${pct(r.ci95)} | ${r.episodes} |`);
}
await writeFile(`${prefix}.md`, `${lines.join('\n')}\n`);

// A plain SVG line chart, rasterised by sharp so the report is viewable anywhere.
const W = 640, H = 360, L = 60, B = 40, T = 20, R = 20;
const maxT = Math.max(...vals.map((e) => e.elapsedSeconds)) / 60 || 1;
const lo = Math.floor(Math.min(...vals.map((e) => e.mean)) * 20) / 20;
const x = (t) => L + ((W - L - R) * t) / maxT;
const y = (a) => H - B - ((H - B - T) * (a - lo)) / (1 - lo);
const path = vals.map((e, i) => `${i ? 'L' : 'M'}${x(e.elapsedSeconds / 60).toFixed(1)},${y(e.mean).toFixed(1)}`).join(' ');
const ticks = [];
const every = maxT > 60 ? 15 : 5;
for (let t = 0; t <= maxT; t += every) ticks.push(`<text x="${x(t)}" y="${H - B + 16}" text-anchor="middle" font-size="11">${t}</text>`);
for (let a = lo; a <= 1.0001; a += 0.05) ticks.push(`<text x="${L - 8}" y="${y(a) + 4}" text-anchor="end" font-size="11">${Math.round(a * 100)}%</text><line x1="${L}" x2="${W - R}" y1="${y(a)}" y2="${y(a)}" stroke="#ddd"/>`);
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}"><rect width="100%" height="100%" fill="white"/>${ticks.join('')}
<path d="${path}" fill="none" stroke="#1f77b4" stroke-width="2"/>${vals.map((e) => `<circle cx="${x(e.elapsedSeconds / 60)}" cy="${y(e.mean)}" r="3" fill="#1f77b4"/>`).join('')}
<text x="${(W + L) / 2}" y="${H - 8}" text-anchor="middle" font-size="12">wall time (minutes, 2 CPU cores)</text>
<text x="14" y="${(H - B) / 2}" font-size="12" transform="rotate(-90 14 ${(H - B) / 2})" text-anchor="middle">${v.way}-way ${v.shot}-shot val accuracy</text>
<text x="${(W + L) / 2}" y="14" text-anchor="middle" font-size="13">${last.spec.job}: time to accuracy${phases.length > 1 ? ` (${phases.length} phases)` : ''}</text></svg>`;
await sharp(Buffer.from(svg)).png().toFile(`${prefix}.png`);
console.log(`wrote ${prefix}.md and ${prefix}.png`);
