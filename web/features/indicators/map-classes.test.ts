import { describe, expect, it } from 'vitest';
import { mapClasses } from './map-classes';

const t = (key: string, p?: Record<string, unknown>) => (p ? `${key}(${Object.values(p).join(',')})` : key);

describe('mapClasses', () => {
  const withTarget = {
    unit: 'percent',
    better: 'higher',
    target: { value: 90, direction: 'atLeast' },
  } as const;

  it.each([
    [95, 'heat--met'],
    [90, 'heat--met'],
    [80, 'heat--near'],
    [74.9, 'heat--far'],
    [null, 'none'],
  ])('puts %s %% against a 90 %% target in class %s, as the heat table does', (value, key) => {
    expect(mapClasses(withTarget, [], 'en', t).classOf(value).key).toBe(key);
  });

  it('names the target classes with the locale’s decimal separator and the unit', () => {
    expect(mapClasses(withTarget, [], 'vi', t).classes.map((c) => c.label)).toEqual([
      'mapMeets(90,0 %)',
      'mapNear(75,0 %)',
      'mapFar(75,0 %)',
      'mapNoData',
    ]);
  });

  it('steps a percentage without target over 0–100 and a count over the units’ own range', () => {
    const pct = mapClasses({ unit: 'percent', better: 'higher', target: null }, [10, 60], 'en', t);
    expect(pct.classes.map((c) => c.label).slice(0, 2)).toEqual(['0.0 % – 25.0 %', '25.0 % – 50.0 %']);
    expect(pct.classOf(60).key).toBe('step-2');
    expect(pct.classOf(100).key).toBe('step-3');
    const count = mapClasses({ unit: 'count', better: null, target: null }, [0, 40, null], 'en', t);
    expect(count.classes[3]!.label).toBe('30 – 40');
    expect(count.classOf(40).key).toBe('step-3');
    expect(count.classOf(null).key).toBe('none');
  });
});
