import { describe, expect, it } from 'vitest';
import { JobSpecError, parseJobSpec } from '../src/index.js';

describe('parseJobSpec', () => {
  it('turns {} into the default job: embedded Omniglot, 5-way 1-shot, cosine attention', () => {
    const spec = parseJobSpec({});
    expect(spec.dataset).toEqual({ kind: 'omniglot' });
    expect(spec.train).toEqual({ split: 'train', way: 5, shot: 1, query: 15 });
    expect(spec.model.attention).toEqual({ kind: 'cosine', scale: 10, learnScale: true });
    expect(spec.model.encoder).toEqual({ depth: 4, width: 64, inChannels: 1 });
    expect(spec.validation.split).toBe('val');
  });

  it('keeps given fields and fills the rest', () => {
    const spec = parseJobSpec({ model: { fce: { enabled: true } }, train: { way: 20 } });
    expect(spec.model.fce).toEqual({ enabled: true, processingSteps: 5 });
    expect(spec.train.way).toBe(20);
    expect(spec.train.shot).toBe(1);
  });

  it('names every bad field', () => {
    expect(() => parseJobSpec({ train: { way: 1 }, steps: -3 })).toThrow(JobSpecError);
    expect(() => parseJobSpec({ train: { way: 1 }, steps: -3 })).toThrow(/train\.way: .*; steps: /);
    expect(() => parseJobSpec({ model: { attention: { kind: 'cosinus' } } })).toThrow(/model\.attention/);
    expect(() => parseJobSpec({ stepz: 10 })).toThrow(/Unrecognized key: "stepz"/);
    // Typos inside nested objects are refused too, not silently dropped.
    expect(() => parseJobSpec({ model: { embeddingDim: 32 } })).toThrow(/model: Unrecognized key: "embeddingDim"/);
    expect(() => parseJobSpec({ optimizer: { schedule: { kind: 'step', every: 10, gama: 0.5 } } })).toThrow(/optimizer\.schedule/);
    expect(() => parseJobSpec({ job: 'has:colon' })).toThrow(/job: letters/);
  });

  it('refuses model selection on the test split', () => {
    expect(() => parseJobSpec({ validation: { split: 'test' } })).toThrow(/model selection must not use the test split/);
  });
});
