import type { ClassInfo } from '../data/dataset.js';
import { DatasetError } from '../data/decode-image.js';
import type { EpisodeId, EpisodeShape, EpisodeSpec } from './episode-spec.js';
import { Rng } from './rng.js';

export class EpisodeError extends Error {
  override name = 'EpisodeError';
}

/** The key that seeds one episode's stream: distinct for every (seed, job, step, shard, episode). */
export function episodeKey(id: EpisodeId): string {
  return JSON.stringify(['matchnet-episode-v1', id.seed, id.job, id.step, id.shard, id.episode]);
}

/** Checks a shape against a split before any sampling, naming what does not fit. */
export function validateShape(classes: readonly ClassInfo[], split: string, shape: EpisodeShape): void {
  for (const field of ['way', 'shot', 'query'] as const) {
    if (!Number.isInteger(shape[field]) || shape[field] < 1) throw new EpisodeError(`${field} must be a positive integer, got ${shape[field]}`);
  }
  if (shape.way > classes.length) {
    throw new EpisodeError(`way=${shape.way} exceeds the ${classes.length} classes of split ${split}`);
  }
  const needed = shape.shot + shape.query;
  const short = classes.find((c) => c.drawings < needed);
  if (short) {
    throw new EpisodeError(`shot+query=${needed} exceeds the ${short.drawings} drawings of class ${short.id} in split ${split}`);
  }
  if (shape.withinGroup && !eligibleGroups(classes, shape.way).length) {
    throw new EpisodeError(`no group in split ${split} has way=${shape.way} classes for within-group sampling`);
  }
}

function eligibleGroups(classes: readonly ClassInfo[], way: number): number[][] {
  const byGroup = new Map<string, number[]>();
  classes.forEach((c, i) => {
    const members = byGroup.get(c.group) ?? [];
    members.push(i);
    byGroup.set(c.group, members);
  });
  return [...byGroup.values()].filter((members) => members.length >= way);
}

/**
 * Draws one episode. Classes are distinct, in random order (so label i is a random class);
 * each class gets its own random, duplicate-free draw of shot + query drawings.
 */
export function sampleEpisode(classes: readonly ClassInfo[], split: string, shape: EpisodeShape, id: EpisodeId): EpisodeSpec {
  if (classes.length === 0) throw new DatasetError(`split ${split} has no classes`);
  validateShape(classes, split, shape);
  const rng = new Rng(episodeKey(id));
  let chosen: number[];
  if (shape.withinGroup) {
    const groups = eligibleGroups(classes, shape.way);
    const members = groups[rng.nextInt(groups.length)]!;
    chosen = rng.sample(members.length, shape.way).map((i) => members[i]!);
  } else {
    chosen = rng.sample(classes.length, shape.way);
  }
  return {
    id: { ...id },
    split,
    way: shape.way,
    shot: shape.shot,
    query: shape.query,
    ...(shape.withinGroup ? { withinGroup: true } : {}),
    classes: chosen.map((index) => {
      const info = classes[index]!;
      return { id: info.id, rotation: info.rotation, drawings: rng.sample(info.drawings, shape.shot + shape.query) };
    }),
  };
}
