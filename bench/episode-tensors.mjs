// Episode-to-tensor throughput against the model step it feeds, in one run.
//   node bench/episode-tensors.mjs   (npm run bench:episodes)
// Writes bench/results/episode-tensors.json.
import { writeFile } from 'node:fs/promises';
import { loadBackend } from '@matchnet/backend';
import { CONV4_DEFAULT, conv4Forward, episodeTensors, initConv4, openOmniglot, sampleEpisode } from '@matchnet/fewshot';

const { tf, describe } = await loadBackend();
const shape = { way: 20, shot: 5, query: 15 };
const images = shape.way * (shape.shot + shape.query);

let t0 = performance.now();
const dataset = await openOmniglot();
const openMs = performance.now() - t0;
t0 = performance.now();
await dataset.prepare('train');
const prepareMs = performance.now() - t0;
const classes = dataset.split('train');

// Episodes: sample a spec, fill the arrays, upload as tensors, dispose.
let episodes = 0;
t0 = performance.now();
while (performance.now() - t0 < 3000) {
  const spec = sampleEpisode(classes, 'train', shape, { seed: 1, job: 'bench', step: episodes, shard: 0, episode: 0 });
  const t = episodeTensors(tf, dataset, spec);
  tf.dispose([t.support, t.query, t.supportLabels, t.queryLabels]);
  episodes++;
}
const episodeMs = (performance.now() - t0) / episodes;

// The peer: one conv-4 forward + backward + Adam step on the same 400 images.
const params = initConv4(tf, CONV4_DEFAULT, 1);
const optimizer = tf.train.adam(1e-3);
const spec = sampleEpisode(classes, 'train', shape, { seed: 1, job: 'bench', step: 0, shard: 0, episode: 0 });
const batch = episodeTensors(tf, dataset, spec);
const x = tf.concat([batch.support, batch.query]);
const step = () => tf.dispose(optimizer.minimize(() => tf.mean(tf.square(conv4Forward(tf, params, CONV4_DEFAULT, x, 'train').embedding)), true));
step();
const steps = 5;
t0 = performance.now();
for (let i = 0; i < steps; i++) step();
const stepMs = (performance.now() - t0) / steps;

const result = {
  date: new Date().toISOString(),
  backend: describe(),
  episode: `${shape.way}-way ${shape.shot}-shot ${shape.query}-query (${images} images, 28×28)`,
  openMs: Math.round(openMs),
  prepareTrainMs: Math.round(prepareMs),
  cacheMiB: +(dataset.cacheBytes() / 2 ** 20).toFixed(1),
  episodesPerSecond: +(1000 / episodeMs).toFixed(1),
  episodeMs: +episodeMs.toFixed(2),
  conv4StepMs: +stepMs.toFixed(1),
  episodeToStepRatio: +(episodeMs / stepMs).toFixed(4),
};
console.table(result);
await writeFile(new URL('./results/episode-tensors.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
