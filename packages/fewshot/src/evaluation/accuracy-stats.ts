export interface AccuracySummary {
  /** Mean of the per-episode accuracies. */
  mean: number;
  /** Half-width of the 95% interval: 1.96·σ/√N, σ the sample standard deviation over episodes. */
  ci95: number;
  std: number;
  episodes: number;
}

export function summarizeAccuracies(perEpisode: readonly number[]): AccuracySummary {
  const n = perEpisode.length;
  if (n === 0) throw new Error('no episodes to summarise');
  const mean = perEpisode.reduce((s, a) => s + a, 0) / n;
  const variance = n > 1 ? perEpisode.reduce((s, a) => s + (a - mean) ** 2, 0) / (n - 1) : 0;
  const std = Math.sqrt(variance);
  return { mean, ci95: (1.96 * std) / Math.sqrt(n), std, episodes: n };
}
