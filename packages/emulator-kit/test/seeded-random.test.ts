/** The PRNG behind every emulator's fault decisions (moved from the emulators' unit tests). */
import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '../src/index.js';

describe('seeded PRNG', () => {
  it('repeats a sequence for a seed and stays in [0, 1)', () => {
    const a = createSeededRandom(7);
    const b = createSeededRandom(7);
    const values = Array.from({ length: 1000 }, () => a());
    expect(values).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(values.every((value) => value >= 0 && value < 1)).toBe(true);
  });

  it('differs between seeds and treats a seed as an unsigned 32-bit integer', () => {
    expect(Array.from({ length: 5 }, createSeededRandom(5))).not.toEqual(
      Array.from({ length: 5 }, createSeededRandom(6)),
    );
    expect(Array.from({ length: 5 }, createSeededRandom(-1))).toEqual(
      Array.from({ length: 5 }, createSeededRandom(2 ** 32 - 1)),
    );
  });
});
