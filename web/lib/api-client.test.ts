import { describe, expect, it } from 'vitest';
import { issuesByPath, withQuery } from './api-client';

describe('withQuery', () => {
  it('leaves out empty values and encodes the rest', () => {
    expect(withQuery('/api/org-units', { q: 'Đà Nẵng', parent: undefined, kind: '', limit: 5 })).toBe(
      '/api/org-units?q=%C4%90%C3%A0+N%E1%BA%B5ng&limit=5',
    );
    expect(withQuery('/api/x', {})).toBe('/api/x');
  });
});

describe('issuesByPath', () => {
  it('keeps the first message per path', () => {
    expect(
      issuesByPath([
        { path: 'code', message: 'a' },
        { path: 'code', message: 'b' },
        { path: 'name', message: 'c' },
      ]),
    ).toEqual({ code: 'a', name: 'c' });
  });
});
