import type { z } from 'zod';
import { formatIssuePath, type Issue } from '../errors';
import {
  type ChecklistDefinition,
  ChecklistDefinitionSchema,
  isRepeatingKind,
  SECTION_KINDS,
  type SectionKind,
} from './checklist.schema';

/**
 * Checks a checklist definition and reports every problem at once: the shape (zod) and the references
 * between its parts (areas, items, conditions, standards), so that a national admin adapting a copy sees
 * the whole list instead of fixing one error per save. Reads the input defensively: a broken part of the
 * shape never hides problems elsewhere.
 */
export function validateChecklistDefinition(
  input: unknown,
  opts: { error?: z.core.$ZodErrorMap } = {},
): { definition: ChecklistDefinition | undefined; issues: Issue[] } {
  const parsed = ChecklistDefinitionSchema.safeParse(input, opts.error ? { error: opts.error } : undefined);
  const issues: Issue[] = parsed.success ? [] : zodToIssues(parsed.error.issues);
  const crossIssues = crossCheck(input);
  // One problem per path and message: zod and the cross-checks may both notice the same thing.
  const seen = new Set(issues.map((i) => `${i.path}\u0000${i.message}`));
  for (const i of crossIssues) {
    const key = `${i.path}\u0000${i.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      issues.push(i);
    }
  }
  return { definition: parsed.success && issues.length === 0 ? parsed.data : undefined, issues };
}

function zodToIssues(list: readonly z.core.$ZodIssue[]): Issue[] {
  return list.flatMap((issue): Issue[] =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((k) => ({ path: formatIssuePath([...issue.path, k]), message: 'errors.unknownField' }))
      : [{ path: formatIssuePath(issue.path), message: issue.message }],
  );
}

type Obj = Record<string, unknown>;
const asObj = (v: unknown): Obj | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined;
const asArr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const asStr = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const asNum = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? v : undefined;

type ItemInfo = { type: string | undefined; allowNa: boolean; options: string[]; index: number };
type SectionInfo = { kind: SectionKind | undefined; items: Map<string, ItemInfo> };

const SCORED_ANSWER_TYPES = new Set(['yes_no', 'yes_partial_no', 'choice']);

function answerCodesOf(item: ItemInfo): string[] | undefined {
  const na = item.allowNa ? ['na'] : [];
  if (item.type === 'yes_no') return ['yes', 'no', ...na];
  if (item.type === 'yes_partial_no') return ['yes', 'partial', 'no', ...na];
  if (item.type === 'choice') return [...item.options, ...na];
  return undefined;
}

function crossCheck(input: unknown): Issue[] {
  const issues: Issue[] = [];
  const add = (path: string, message: string, params?: Record<string, unknown>) =>
    issues.push(params ? { path, message, params } : { path, message });
  const root = asObj(input);
  if (!root) return issues;

  const checkUnique = (list: unknown[], base: string, seen = new Map<string, string>()) => {
    list.forEach((entry, i) => {
      const id = asStr(asObj(entry)?.id);
      if (!id) return;
      const first = seen.get(id);
      if (first !== undefined) add(`${base}.${i}.id`, 'checklists.duplicateId', { id, first });
      else seen.set(id, `${base}.${i}`);
    });
    return seen;
  };

  const areas = asArr(root.areas);
  checkUnique(areas, 'areas');
  const areaIds = new Set(areas.map((a) => asStr(asObj(a)?.id)).filter((x): x is string => !!x));
  const usedAreas = new Set<string>();

  const sections = asArr(root.sections);
  checkUnique(sections, 'sections');
  const itemSeen = new Map<string, string>();
  const sectionInfo = new Map<string, SectionInfo>();

  sections.forEach((rawSection, si) => {
    const section = asObj(rawSection);
    if (!section) return;
    const base = `sections.${si}`;
    const kindText = asStr(section.kind);
    const kind = SECTION_KINDS.find((k) => k === kindText);
    const sample = asObj(section.sampleSize);
    if (kind && isRepeatingKind(kind) && !sample) add(`${base}.sampleSize`, 'checklists.sampleSizeRequired');
    if (kind && !isRepeatingKind(kind) && section.sampleSize !== undefined)
      add(`${base}.sampleSize`, 'checklists.sampleSizeNotAllowed');
    if (sample) {
      const [min, target, max] = [asNum(sample.min), asNum(sample.target), asNum(sample.max)];
      if (min !== undefined && target !== undefined && max !== undefined && !(min <= target && target <= max))
        add(`${base}.sampleSize`, 'checklists.sampleSizeOrder');
    }
    const items = asArr(section.items);
    items.forEach((entry, i) => {
      const id = asStr(asObj(entry)?.id);
      if (!id) return;
      const first = itemSeen.get(id);
      if (first !== undefined) add(`${base}.items.${i}.id`, 'checklists.duplicateId', { id, first });
      else itemSeen.set(id, `${base}.items.${i}`);
    });
    const info: SectionInfo = { kind, items: new Map() };
    items.forEach((rawItem, ii) => {
      const item = asObj(rawItem);
      if (!item) return;
      const ipath = `${base}.items.${ii}`;
      const type = asStr(item.type);
      const options = asArr(item.options)
        .map((o) => asStr(asObj(o)?.value))
        .filter((x): x is string => !!x);
      const notFor = (field: string) =>
        add(`${ipath}.${field}`, 'checklists.fieldNotForType', { field, type });
      if (type !== 'choice' && item.options !== undefined) notFor('options');
      if (type === 'choice') {
        const opts = asArr(item.options);
        if (opts.length < 2) add(`${ipath}.options`, 'checklists.choiceOptions');
        const seenValues = new Set<string>();
        opts.forEach((o, oi) => {
          const v = asStr(asObj(o)?.value);
          if (v && seenValues.has(v))
            add(`${ipath}.options.${oi}.value`, 'checklists.duplicateOption', { value: v });
          if (v) seenValues.add(v);
        });
        const withPoints = opts.filter((o) => asObj(o)?.points !== undefined).length;
        if (withPoints > 0 && withPoints < opts.length) add(`${ipath}.options`, 'checklists.pointsAllOrNone');
      }
      if (type !== 'number')
        for (const f of ['min', 'max', 'integer', 'unit']) if (item[f] !== undefined) notFor(f);
      if (type === 'number') {
        const [min, max] = [asNum(item.min), asNum(item.max)];
        if (min !== undefined && max !== undefined && min > max)
          add(`${ipath}.max`, 'checklists.minAboveMax');
      }
      if (type !== 'text' && item.maxLength !== undefined) notFor('maxLength');
      if (type !== 'text' && item.personal !== undefined) notFor('personal');
      if (item.prefill !== undefined) {
        if (type !== 'number') notFor('prefill');
        else if (kind && kind !== 'register') add(`${ipath}.prefill`, 'checklists.prefillOnlyRegister');
      }
      // An item is scored when it names an area; context questions (e.g. "was the baby breathing?") do not.
      const area = asStr(item.area);
      const answerType = type === 'yes_no' || type === 'yes_partial_no' || type === 'choice';
      if (!answerType && item.area !== undefined) add(`${ipath}.area`, 'checklists.areaNotScored');
      if (area && type === 'choice' && asArr(item.options).some((o) => asObj(o)?.points === undefined))
        add(`${ipath}.options`, 'checklists.choicePointsRequired');
      if (area && !areaIds.has(area)) add(`${ipath}.area`, 'checklists.unknownArea', { id: area });
      if (area && answerType) usedAreas.add(area);
      // Conditions may only look back: an item is shown depending on answers given before it.
      asArr(item.showIf).forEach((c, ci) =>
        checkCondition(c, info.items, `${ipath}.showIf.${ci}`, add, { earlierThan: ii }),
      );
      if (asStr(item.id))
        info.items.set(asStr(item.id)!, { type, allowNa: item.allowNa === true, options, index: ii });
    });
    const sid = asStr(section.id);
    if (sid && !sectionInfo.has(sid)) sectionInfo.set(sid, info);
  });

  areas.forEach((a, i) => {
    const id = asStr(asObj(a)?.id);
    if (id && !usedAreas.has(id)) add(`areas.${i}`, 'checklists.areaUnused', { id });
  });

  const standards = asArr(root.standards);
  checkUnique(standards, 'standards');
  standards.forEach((rawStd, si) => {
    const measure = asObj(asObj(rawStd)?.measure);
    if (!measure) return;
    const mpath = `standards.${si}.measure`;
    const sid = asStr(measure.section);
    const section = sid ? sectionInfo.get(sid) : undefined;
    if (sid && !section) {
      add(`${mpath}.section`, 'checklists.unknownSection', { id: sid });
      return;
    }
    if (!section) return;
    const kind = asStr(measure.kind);
    if (kind === 'records') {
      for (const part of ['denominator', 'numerator'] as const)
        asArr(measure[part]).forEach((c, ci) =>
          checkCondition(c, section.items, `${mpath}.${part}.${ci}`, add),
        );
    } else if (kind === 'items') {
      const met = asArr(measure.metAnswers).map(asStr);
      asArr(measure.items).forEach((rawId, ii) => {
        const id = asStr(rawId);
        const item = id ? section.items.get(id) : undefined;
        if (id && !item) add(`${mpath}.items.${ii}`, 'checklists.itemNotInSection', { id, section: sid });
        else if (item && !SCORED_ANSWER_TYPES.has(item.type ?? ''))
          add(`${mpath}.items.${ii}`, 'checklists.itemNotAnswerType', { id });
        else if (item) {
          const codes = answerCodesOf(item) ?? [];
          const accepted = met.length ? met : ['yes'];
          for (const m of accepted)
            if (m && !codes.includes(m))
              add(`${mpath}.items.${ii}`, 'checklists.conditionInvalidValue', { value: m, id });
        }
      });
    } else if (kind === 'ratio') {
      if (section.kind && isRepeatingKind(section.kind))
        add(`${mpath}.section`, 'checklists.ratioSingleSection');
      for (const part of ['numerator', 'denominator'] as const) {
        const id = asStr(measure[part]);
        const item = id ? section.items.get(id) : undefined;
        if (id && !item) add(`${mpath}.${part}`, 'checklists.itemNotInSection', { id, section: sid });
        else if (item && item.type !== 'number')
          add(`${mpath}.${part}`, 'checklists.ratioNumberItem', { id });
      }
    }
  });

  const scoring = asObj(root.scoring);
  const points = asObj(scoring?.points);
  if (points) {
    const [yes, partial, no] = [asNum(points.yes), asNum(points.partial), asNum(points.no)];
    if (
      yes !== undefined &&
      partial !== undefined &&
      no !== undefined &&
      !(yes > no && yes >= partial && partial >= no)
    )
      add('scoring.points', 'checklists.pointsOrder');
  }
  const bands = asObj(scoring?.bands);
  if (bands) {
    const [low, high] = [asNum(bands.low), asNum(bands.high)];
    if (low !== undefined && high !== undefined && low > high) add('scoring.bands', 'checklists.bandsOrder');
  }
  return issues;
}

function checkCondition(
  raw: unknown,
  items: ReadonlyMap<string, ItemInfo>,
  path: string,
  add: (path: string, message: string, params?: Record<string, unknown>) => void,
  opts: { earlierThan?: number } = {},
): void {
  const cond = asObj(raw);
  if (!cond) return;
  const id = asStr(cond.item);
  if (cond.in === undefined && cond.min === undefined && cond.max === undefined)
    add(path, 'checklists.conditionEmpty');
  if (!id) return;
  const item = items.get(id);
  if (!item) {
    add(
      `${path}.item`,
      opts.earlierThan === undefined ? 'checklists.itemNotInSection' : 'checklists.conditionItemEarlier',
      {
        id,
      },
    );
    return;
  }
  if (item.type === 'text') {
    add(`${path}.item`, 'checklists.conditionOnText', { id });
    return;
  }
  if (cond.in !== undefined) {
    const codes = answerCodesOf(item);
    if (!codes) add(`${path}.in`, 'checklists.conditionInOnNumber', { id });
    else
      asArr(cond.in).forEach((v, vi) => {
        const value = asStr(v);
        if (value && !codes.includes(value))
          add(`${path}.in.${vi}`, 'checklists.conditionInvalidValue', { value, id });
      });
  }
  if ((cond.min !== undefined || cond.max !== undefined) && item.type !== 'number')
    add(path, 'checklists.conditionRangeOnAnswer', { id });
}
