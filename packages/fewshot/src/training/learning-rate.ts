export type LearningRateSchedule =
  | { kind: 'constant' }
  /** Multiply by `gamma` every `every` steps (Snell et al. halve every 2000 episodes). */
  | { kind: 'step'; every: number; gamma: number };

export function learningRateAt(base: number, schedule: LearningRateSchedule, step: number): number {
  return schedule.kind === 'constant' ? base : base * schedule.gamma ** Math.floor(step / schedule.every);
}
