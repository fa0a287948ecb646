import { describe, expect, it } from 'vitest';
import { WORKER_YOUNG_GENERATION_MB, workerYoungGenerationMb } from './node-host.js';

describe('workerYoungGenerationMb', () => {
  it('caps the young generation by default', () => {
    expect(workerYoungGenerationMb({})).toBe(WORKER_YOUNG_GENERATION_MB);
    expect(workerYoungGenerationMb({ XLOAD_WORKER_YOUNG_MB: '' })).toBe(WORKER_YOUNG_GENERATION_MB);
  });

  it('takes an override, and 0 or nonsense as V8 default', () => {
    expect(workerYoungGenerationMb({ XLOAD_WORKER_YOUNG_MB: '12' })).toBe(12);
    expect(workerYoungGenerationMb({ XLOAD_WORKER_YOUNG_MB: '0' })).toBeUndefined();
    expect(workerYoungGenerationMb({ XLOAD_WORKER_YOUNG_MB: 'lots' })).toBeUndefined();
  });
});
