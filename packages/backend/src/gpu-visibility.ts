import { existsSync } from 'node:fs';

/**
 * Whether an NVIDIA GPU is visible to this process. CUDA_VISIBLE_DEVICES set to an empty
 * string or -1 hides every device, as CUDA itself does.
 */
export function gpuVisible(env: NodeJS.ProcessEnv = process.env, devicePath = '/dev/nvidia0'): boolean {
  const visible = env.CUDA_VISIBLE_DEVICES;
  if (visible !== undefined && (visible.trim() === '' || visible.trim() === '-1')) return false;
  return existsSync(devicePath);
}
