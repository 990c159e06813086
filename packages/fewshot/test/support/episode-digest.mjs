// Prints the SHA-256 of an episode's tensors, built from scratch in this process:
//   node episode-digest.mjs '<EpisodeId JSON>' <split> <way> <shot> <query>
import { createHash } from 'node:crypto';
import * as tf from '@tensorflow/tfjs-node';
import { episodeTensors, openOmniglot, sampleEpisode } from '@matchnet/fewshot';

const [idJson, split, way, shot, query] = process.argv.slice(2);
const dataset = await openOmniglot();
await dataset.prepare(split);
const spec = sampleEpisode(dataset.split(split), split, { way: +way, shot: +shot, query: +query }, JSON.parse(idJson));
const tensors = episodeTensors(tf, dataset, spec);
const hash = createHash('sha256');
for (const t of [tensors.support, tensors.supportLabels, tensors.query, tensors.queryLabels]) hash.update(Buffer.from((await t.data()).buffer));
process.stdout.write(hash.digest('hex'));
