import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface PrometheusTarget {
  file: string;
  remove(): Promise<void>;
}

/**
 * Announces a scrape target to the local Prometheus through file-based service discovery
 * (see infra/prometheus). The file is written then renamed, so Prometheus never reads half of it.
 */
export async function registerPrometheusTarget(
  targetsDir: string,
  id: string,
  address: string,
  labels: Record<string, string>,
): Promise<PrometheusTarget> {
  await mkdir(targetsDir, { recursive: true });
  const file = join(targetsDir, `${id}.json`);
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify([{ targets: [address], labels }]));
  await rename(tmp, file);
  return { file, remove: () => rm(file, { force: true }) };
}
