import { describe, expect, it } from 'vitest';
import { BackendError, gpuVisible, parseBackendChoice } from '../src/index.js';

describe('parseBackendChoice', () => {
  it('defaults to auto', () => {
    expect(parseBackendChoice(undefined)).toBe('auto');
    expect(parseBackendChoice('  ')).toBe('auto');
  });

  it('accepts every documented choice, case-insensitively', () => {
    expect(parseBackendChoice('tensorflow')).toBe('tensorflow');
    expect(parseBackendChoice('TensorFlow-GPU')).toBe('tensorflow-gpu');
    expect(parseBackendChoice('cpu')).toBe('cpu');
  });

  it('refuses wasm and says why', () => {
    expect(() => parseBackendChoice('wasm')).toThrow(BackendError);
    expect(() => parseBackendChoice('wasm')).toThrow(/Conv2DBackpropFilter/);
  });

  it('refuses unknown names, quoting them', () => {
    expect(() => parseBackendChoice('webgl')).toThrow(/MATCHNET_BACKEND=webgl is not one of/);
  });
});

describe('gpuVisible', () => {
  it('is false when the device node is absent', () => {
    expect(gpuVisible({}, '/nonexistent/nvidia0')).toBe(false);
  });

  it('honours CUDA_VISIBLE_DEVICES hiding every device', () => {
    // /dev/null exists everywhere and stands in for a present device node.
    expect(gpuVisible({}, '/dev/null')).toBe(true);
    expect(gpuVisible({ CUDA_VISIBLE_DEVICES: '' }, '/dev/null')).toBe(false);
    expect(gpuVisible({ CUDA_VISIBLE_DEVICES: '-1' }, '/dev/null')).toBe(false);
    expect(gpuVisible({ CUDA_VISIBLE_DEVICES: '0' }, '/dev/null')).toBe(true);
  });
});
