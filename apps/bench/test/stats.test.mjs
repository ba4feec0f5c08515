import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  median,
  pairedDifferences,
  pairedRatios,
  quantile,
  rotatedOrders,
  summarize,
} from '../src/stats.mjs';

describe('quantile and median', () => {
  it('takes the middle value of an odd sample and the mean of the middle pair of an even one', () => {
    assert.equal(median([5, 1, 3]), 3);
    assert.equal(median([4, 1, 3, 2]), 2.5);
  });

  it('interpolates between ranks and ignores non-finite values', () => {
    assert.equal(quantile([0, 10], 0.25), 2.5);
    assert.equal(quantile([1, Number.NaN, 3, Number.POSITIVE_INFINITY], 0.5), 2);
  });

  it('returns NaN for an empty sample and refuses a quantile outside [0, 1]', () => {
    assert.ok(Number.isNaN(median([])));
    assert.throws(() => quantile([1], 1.5), RangeError);
  });

  it('does not reorder the caller’s array', () => {
    const values = [3, 1, 2];
    median(values);
    assert.deepEqual(values, [3, 1, 2]);
  });
});

describe('summarize', () => {
  it('reports median, extremes and quartiles', () => {
    assert.deepEqual(summarize([1, 2, 3, 4, 5]), { n: 5, median: 3, min: 1, max: 5, q1: 2, q3: 4 });
  });
});

describe('paired series', () => {
  it('divides and subtracts round by round before summarizing', () => {
    assert.equal(pairedRatios([2, 4, 9], [1, 2, 3]).median, 2);
    assert.equal(pairedDifferences([5, 7, 10], [1, 2, 3]).median, 5);
  });

  it('refuses series of different lengths', () => {
    assert.throws(() => pairedRatios([1, 2], [1]), RangeError);
    assert.throws(() => pairedDifferences([1], [1, 2]), RangeError);
  });
});

describe('rotatedOrders', () => {
  it('puts every case first once per cycle and keeps each round a permutation', () => {
    const orders = rotatedOrders(3, 3);
    assert.deepEqual(orders, [
      [0, 1, 2],
      [1, 2, 0],
      [2, 0, 1],
    ]);
    for (const order of rotatedOrders(4, 9)) assert.deepEqual([...order].sort(), [0, 1, 2, 3]);
  });
});
