import { loadBackend } from '@matchnet/backend';
import { openOmniglot, initTrainingState, trainReference, MATCHING_NET_DEFAULT } from '@matchnet/fewshot';
const { tf } = await loadBackend();
const ds = await openOmniglot();
const config = {
  job: 'try', seed: 1, model: MATCHING_NET_DEFAULT,
  train: { split: 'train', way: 5, shot: 1, query: 15 },
  episodesPerShard: 1, shardsPerStep: 1, steps: +process.argv[2] || 300,
  optimizer: { learningRate: 1e-3, schedule: { kind: 'constant' }, clipNorm: 10, adam: { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } },
  validation: { split: 'val', way: 5, shot: 1, query: 15, episodes: 100, seed: 5, every: 100 },
  checkpointEvery: 0,
};
const state = initTrainingState(tf, config);
const t0 = Date.now(); let ms = 0;
await trainReference(tf, state, ds, {
  onStep: (s, m) => { ms += m; if (s.step % 50 === 0) console.log(`step ${s.step} loss ${s.loss.toFixed(3)} acc ${s.accuracy.toFixed(3)} gnorm ${s.gradNorm.toFixed(2)} ${(ms/s.step).toFixed(0)}ms/step tensors ${tf.memory().numTensors}`); },
  onValidation: (step, r) => console.log(`val@${step} ${(r.mean*100).toFixed(2)} ± ${(r.ci95*100).toFixed(2)} (${Date.now()-t0}ms)`),
});
