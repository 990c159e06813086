import { describe, expect, it } from 'vitest';
import { EpisodeError, sampleEpisode, type ClassInfo, type EpisodeId, type EpisodeSpec } from '../src/index.js';

/** 40 groups of 25 classes with 20 drawings: a stand-in split with known structure. */
const classes: ClassInfo[] = Array.from({ length: 1000 }, (_, i) => ({
  id: `g${Math.floor(i / 25)}/c${i % 25}`,
  group: `g${Math.floor(i / 25)}`,
  rotation: 0,
  drawings: 20,
}));
const shape = { way: 5, shot: 1, query: 15 };
const id = (over: Partial<EpisodeId> = {}): EpisodeId => ({ seed: 7, job: 'job-a', step: 0, shard: 0, episode: 0, ...over });

describe('sampleEpisode', () => {
  it('is a pure function of (seed, job, step, shard, episode)', () => {
    const a = sampleEpisode(classes, 'train', shape, id({ step: 3, shard: 1, episode: 2 }));
    expect(sampleEpisode(classes, 'train', shape, id({ step: 3, shard: 1, episode: 2 }))).toEqual(a);
    for (const change of [{ seed: 8 }, { job: 'job-b' }, { step: 4 }, { shard: 2 }, { episode: 3 }]) {
      expect(sampleEpisode(classes, 'train', shape, id({ step: 3, shard: 1, episode: 2, ...change })).classes).not.toEqual(a.classes);
    }
    // A serialised spec carries everything needed to regenerate it.
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
  });

  it('draws distinct classes and distinct drawings, support and query disjoint', () => {
    for (let e = 0; e < 200; e++) {
      const spec = sampleEpisode(classes, 'train', { way: 20, shot: 5, query: 15 }, id({ episode: e }));
      expect(new Set(spec.classes.map((c) => c.id)).size).toBe(20);
      for (const c of spec.classes) {
        expect(c.drawings).toHaveLength(20);
        expect(new Set(c.drawings).size).toBe(20);
        const support = new Set(c.drawings.slice(0, 5));
        expect(c.drawings.slice(5).some((d) => support.has(d))).toBe(false);
        expect(c.drawings.every((d) => d >= 0 && d < 20)).toBe(true);
      }
    }
  });

  it('gives different shards different episodes', () => {
    const seen = new Map<string, number>();
    for (let shard = 0; shard < 8; shard++) {
      for (let e = 0; e < 50; e++) {
        const key = JSON.stringify(sampleEpisode(classes, 'train', shape, id({ shard, episode: e })).classes);
        expect(seen.has(key)).toBe(false);
        seen.set(key, shard);
      }
    }
  });

  it('shares no more classes between consecutive episodes than chance', () => {
    // Two independent 5-of-1000 draws share 5·5/1000 = 0.025 classes on average.
    let shared = 0;
    const pairs = 4000;
    let previous: EpisodeSpec | undefined;
    for (let step = 0; step <= pairs; step++) {
      const spec = sampleEpisode(classes, 'train', shape, id({ step }));
      if (previous) {
        const before = new Set(previous.classes.map((c) => c.id));
        shared += spec.classes.filter((c) => before.has(c.id)).length;
      }
      previous = spec;
    }
    const expected = pairs * 0.025; // 100
    // Poisson-like count: ±5σ is ±50.
    expect(shared).toBeGreaterThan(expected - 50);
    expect(shared).toBeLessThan(expected + 50);
  });

  it('draws each class’s drawings independently of the other classes’', () => {
    // If every class reused one permutation, drawings of label 0 and label 1 would match.
    let sameFirst = 0;
    let identical = 0;
    const counts = new Array(20).fill(0);
    const episodes = 4000;
    for (let e = 0; e < episodes; e++) {
      const [a, b] = sampleEpisode(classes, 'train', shape, id({ episode: e })).classes;
      if (a!.drawings[0] === b!.drawings[0]) sameFirst++;
      if (a!.drawings.join() === b!.drawings.join()) identical++;
      counts[a!.drawings[0]!]++;
    }
    // P(same first drawing) = 1/20 → 200 of 4000; σ ≈ 14.
    expect(sameFirst).toBeGreaterThan(130);
    expect(sameFirst).toBeLessThan(270);
    expect(identical).toBe(0);
    // The first drawing is uniform over the 20: χ² with 19 d.f., 99.9th percentile 43.8.
    const chi2 = counts.reduce((s, n) => s + (n - episodes / 20) ** 2 / (episodes / 20), 0);
    expect(chi2).toBeLessThan(43.8);
  });

  it('permutes labels: each label is a uniformly random class', () => {
    // With 2-way episodes from a 2-class split, label 0 must be either class about half the time.
    const two = classes.slice(0, 2);
    let firstIsA = 0;
    for (let e = 0; e < 2000; e++) if (sampleEpisode(two, 'tiny', { way: 2, shot: 1, query: 1 }, id({ episode: e })).classes[0]!.id === two[0]!.id) firstIsA++;
    expect(firstIsA).toBeGreaterThan(1000 - 5 * 22);
    expect(firstIsA).toBeLessThan(1000 + 5 * 22);
  });

  it('samples within one group when asked', () => {
    for (let e = 0; e < 100; e++) {
      const spec = sampleEpisode(classes, 'train', { ...shape, withinGroup: true }, id({ episode: e }));
      expect(new Set(spec.classes.map((c) => c.id.split('/')[0])).size).toBe(1);
      expect(spec.withinGroup).toBe(true);
    }
  });

  it('refuses shapes the split cannot supply, naming the numbers', () => {
    expect(() => sampleEpisode(classes, 'train', { way: 1001, shot: 1, query: 1 }, id())).toThrow(EpisodeError);
    expect(() => sampleEpisode(classes, 'train', { way: 1001, shot: 1, query: 1 }, id())).toThrow(/way=1001 exceeds the 1000 classes of split train/);
    expect(() => sampleEpisode(classes, 'train', { way: 5, shot: 6, query: 15 }, id())).toThrow(
      /shot\+query=21 exceeds the 20 drawings of class g0\/c0 in split train/,
    );
    expect(() => sampleEpisode(classes, 'train', { way: 26, shot: 1, query: 1, withinGroup: true }, id())).toThrow(/no group in split train has way=26/);
    expect(() => sampleEpisode(classes, 'train', { way: 0, shot: 1, query: 1 }, id())).toThrow(/way must be a positive integer/);
  });
});
