import { describe, expect, it } from 'vitest';
import { isNearDuplicate } from '../../src/evidence/index.js';

const WIRE = 'The Lowmoor bridge reopened to traffic on Friday after eleven months of repairs costing $38 million, the transport ministry said.';

describe('isNearDuplicate', () => {
  it('takes a lightly edited reprint for the same sentence', () => {
    expect(isNearDuplicate(WIRE, WIRE)).toBe(true);
    expect(isNearDuplicate(WIRE, WIRE.replace('the transport ministry said', 'the ministry said'))).toBe(true);
    expect(isNearDuplicate(WIRE, `“${WIRE.replace('Friday', 'Friday,')}”`)).toBe(true);
  });

  it('tells apart two sentences on the same topic', () => {
    expect(isNearDuplicate(WIRE, 'The Lowmoor bridge closed to traffic in March for repairs, the transport ministry said.')).toBe(false);
  });

  it('never merges short sentences, which recur by chance', () => {
    expect(isNearDuplicate('He declined to comment.', 'He declined to comment.')).toBe(false);
  });
});
