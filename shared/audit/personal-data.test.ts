import { describe, expect, it } from 'vitest';
import { REDACTED, redactPersonalData } from './personal-data';

describe('redactPersonalData', () => {
  it('masks personal fields at any depth and keeps everything else', () => {
    const record = {
      id: 'b1',
      motherName: 'Nguyễn Thị A',
      mother: { phone: '0905 123 456', parity: 2 },
      newborns: [{ name: 'x', weight: 3100 }],
    };
    expect(redactPersonalData(record)).toEqual({
      id: 'b1',
      motherName: REDACTED,
      mother: { phone: REDACTED, parity: 2 },
      newborns: [{ name: REDACTED, weight: 3100 }],
    });
  });
  it('leaves empty personal fields empty (nothing to hide)', () => {
    expect(redactPersonalData({ motherName: null, motherPhone: undefined })).toEqual({
      motherName: null,
      motherPhone: undefined,
    });
  });
  it('passes scalars and null through', () => {
    expect(redactPersonalData(null)).toBeNull();
    expect(redactPersonalData(5)).toBe(5);
  });
});
