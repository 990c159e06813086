import { describe, expect, it } from 'vitest';
import { ConfigError, loadServiceConfig } from '../src/index.js';

describe('loadServiceConfig', () => {
  it('fills defaults for an empty environment', () => {
    const config = loadServiceConfig({});
    expect(config.MATCHNET_REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(config.MATCHNET_KEY_PREFIX).toBe('matchnet');
    expect(config.MATCHNET_METRICS_PORT).toBe(0);
  });

  it('names each bad variable', () => {
    expect(() => loadServiceConfig({ MATCHNET_REDIS_URL: 'http://localhost' })).toThrow(/MATCHNET_REDIS_URL/);
    expect(() => loadServiceConfig({ MATCHNET_KEY_PREFIX: 'a:b' })).toThrow(ConfigError);
    expect(() => loadServiceConfig({ MATCHNET_METRICS_PORT: '70000' })).toThrow(/MATCHNET_METRICS_PORT/);
  });
});
