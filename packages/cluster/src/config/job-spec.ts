import type { DatasetSource, TrainingConfig } from '@matchnet/fewshot';
import { z } from 'zod';

const positiveInt = z.number().int().positive();
const preprocessing = z.strictObject({
  size: positiveInt,
  invert: z.boolean(),
  normalize: z.strictObject({ mean: z.number(), std: z.number().positive() }).optional(),
});

const dataset = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('omniglot'), preprocessing: preprocessing.optional() }),
  z.strictObject({ kind: z.literal('omniglot-original'), path: z.string().min(1), vinyals: z.boolean().optional(), preprocessing: preprocessing.optional() }),
  z.strictObject({
    kind: z.literal('image-folder'),
    root: z.string().min(1),
    splitsDir: z.string().min(1),
    channels: z.union([z.literal(1), z.literal(3)]),
    preprocessing,
  }),
]);

const shape = { way: positiveInt.min(2), shot: positiveInt, query: positiveInt, withinGroup: z.boolean().optional() };

const attention = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('cosine'), scale: z.number().positive().default(10), learnScale: z.boolean().default(true) }),
  z.strictObject({ kind: z.literal('dot') }),
  z.strictObject({ kind: z.literal('euclidean') }),
  z.strictObject({ kind: z.literal('mlp'), hidden: positiveInt.default(64) }),
]);

/**
 * The job spec: one schema for the CLI, the HTTP API, the coordinator and the tests.
 * Every field has a default, so `{}` is the default job (Omniglot, 5-way 1-shot).
 */
export const jobSpecSchema = z
  .strictObject({
    job: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, ".", "_" and "-", at most 64').default('omniglot-5w1s'),
    seed: z.number().int().min(0).default(1),
    dataset: dataset.default({ kind: 'omniglot' }),
    model: z
      .strictObject({
        encoder: z.strictObject({ depth: positiveInt.max(8).default(4), width: positiveInt.default(64), inChannels: positiveInt.default(1) }).prefault({}),
        imageSize: positiveInt.default(28),
        sharedEncoder: z.boolean().default(true),
        attention: attention.default({ kind: 'cosine', scale: 10, learnScale: true }),
        fce: z.strictObject({ enabled: z.boolean().default(false), processingSteps: positiveInt.default(5) }).prefault({}),
        mode: z.enum(['matching', 'prototypical']).default('matching'),
        transductiveIterations: z.number().int().min(0).max(10).default(0),
        bnMomentum: z.number().gt(0).lte(1).default(0.1),
      })
      .prefault({}),
    train: z.strictObject({ split: z.string().default('train'), ...shape, way: shape.way.default(5), shot: shape.shot.default(1), query: shape.query.default(15) }).prefault({}),
    episodesPerShard: positiveInt.default(1),
    shardsPerStep: positiveInt.default(1),
    steps: positiveInt.default(2000),
    optimizer: z
      .strictObject({
        learningRate: z.number().positive().default(1e-3),
        schedule: z
          .discriminatedUnion('kind', [
            z.strictObject({ kind: z.literal('constant') }),
            z.strictObject({ kind: z.literal('step'), every: positiveInt, gamma: z.number().gt(0).lte(1) }),
          ])
          .default({ kind: 'step', every: 2000, gamma: 0.5 }),
        clipNorm: z.number().positive().nullable().default(10),
        adam: z.strictObject({ beta1: z.number().min(0).lt(1).default(0.9), beta2: z.number().min(0).lt(1).default(0.999), epsilon: z.number().positive().default(1e-8) }).prefault({}),
      })
      .prefault({}),
    validation: z
      .strictObject({
        split: z.string().default('val'),
        ...shape,
        way: shape.way.default(5),
        shot: shape.shot.default(1),
        query: shape.query.default(15),
        episodes: positiveInt.default(200),
        seed: z.number().int().min(0).default(1234),
        every: z.number().int().min(0).default(500),
      })
      .prefault({}),
    checkpointEvery: z.number().int().min(0).default(500),
    /** The single test evaluation of the best checkpoint, in the validation's (way, shot). */
    test: z.strictObject({ split: z.string().default('test'), episodes: positiveInt.default(1000), query: positiveInt.default(15), seed: z.number().int().min(0).default(1234) }).prefault({}),
  });

export type JobSpec = TrainingConfig & { dataset: DatasetSource; test: { split: string; episodes: number; query: number; seed: number } };

export class JobSpecError extends Error {
  override name = 'JobSpecError';
}

/** Validates and completes a job spec, naming every bad field. */
export function parseJobSpec(input: unknown): JobSpec {
  const parsed = jobSpecSchema.safeParse(input ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(spec)'}: ${i.message}`).join('; ');
    throw new JobSpecError(`invalid job spec: ${problems}`);
  }
  if (parsed.data.validation.split === 'test') {
    throw new JobSpecError('invalid job spec: validation.split: model selection must not use the test split');
  }
  const spec: JobSpec = parsed.data;
  return spec;
}
