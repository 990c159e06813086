import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { loadBackend } from '@matchnet/backend';
import { beforeAll, describe, expect, it } from 'vitest';
import { episodeArrays, episodeTensors, openOmniglot, sampleEpisode, type OmniglotDataset } from '../src/index.js';

let dataset: OmniglotDataset;
beforeAll(async () => {
  dataset = await openOmniglot();
  await dataset.prepare('val');
});

const id = { seed: 11, job: 'tensors', step: 5, shard: 3, episode: 1 };

describe('episode tensors', () => {
  it('lays out support and query by label, each image the dataset’s own', () => {
    const spec = sampleEpisode(dataset.split('val'), 'val', { way: 5, shot: 2, query: 3 }, id);
    const a = episodeArrays(dataset, spec);
    expect(Array.from(a.supportLabels)).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 4, 4]);
    expect(Array.from(a.queryLabels)).toEqual([0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4]);
    const one = new Float32Array(784);
    const cls = spec.classes[3]!;
    dataset.writeImage(cls.id, cls.drawings[1]!, one, 0);
    expect(a.support.subarray(7 * 784, 8 * 784)).toEqual(one);
    dataset.writeImage(cls.id, cls.drawings[4]!, one, 0);
    expect(a.query.subarray(11 * 784, 12 * 784)).toEqual(one);
  });

  it('builds NHWC tensors on the native backend', async () => {
    const { tf } = await loadBackend('tensorflow');
    const spec = sampleEpisode(dataset.split('val'), 'val', { way: 20, shot: 5, query: 15 }, id);
    const t = episodeTensors(tf, dataset, spec);
    expect(t.support.shape).toEqual([100, 28, 28, 1]);
    expect(t.query.shape).toEqual([300, 28, 28, 1]);
    expect(t.supportLabels.dtype).toBe('int32');
    tf.dispose([t.support, t.query, t.supportLabels, t.queryLabels]);
  });

  it('gives identical tensors in different processes from the same seed and ids', async () => {
    const { tf } = await loadBackend('tensorflow');
    const spec = sampleEpisode(dataset.split('val'), 'val', { way: 5, shot: 1, query: 15 }, id);
    const t = episodeTensors(tf, dataset, spec);
    const hash = createHash('sha256');
    for (const x of [t.support, t.supportLabels, t.query, t.queryLabels]) hash.update(Buffer.from((await x.data()).buffer));
    tf.dispose([t.support, t.query, t.supportLabels, t.queryLabels]);
    const script = join(import.meta.dirname, 'support', 'episode-digest.mjs');
    const child = (ids: object) =>
      promisify(execFile)(process.execPath, [script, JSON.stringify(ids), 'val', '5', '1', '15']).then((r) => r.stdout);
    const [first, second, otherShard] = await Promise.all([child(id), child(id), child({ ...id, shard: 4 })]);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(first).toBe(hash.digest('hex'));
    expect(second).toBe(first);
    expect(otherShard).not.toBe(first);
  });
});
