import { describe, expect, it } from 'vitest';
import { emptyDraft } from './birth-draft';
import { clearAllDrafts, clearDraft, findDraft, saveDraft } from './draft-store';

/** The Storage interface over a Map, as the browser's localStorage behaves. */
function memoryStorage(): Storage {
  const m = new Map<string, string>();
  return {
    get length() {
      return m.size;
    },
    key: (i) => [...m.keys()][i] ?? null,
    getItem: (k) => m.get(k) ?? null,
    setItem: (k, v) => void m.set(k, v),
    removeItem: (k) => void m.delete(k),
    clear: () => m.clear(),
  };
}

describe('the new-birth draft kept on the device', () => {
  it('gives back the draft saved for a facility, and nothing for another', () => {
    const storage = memoryStorage();
    const draft = emptyDraft('b-1', 'fac-1');
    draft.mother.recordNumber = 'DN-7';
    draft.newborns[0]!.sex = 'female';
    saveDraft(draft, storage);
    expect(findDraft('fac-1', storage)).toEqual(draft);
    expect(findDraft('fac-2', storage)).toBeUndefined();
  });

  it('drops a stored value that is not a draft of this version', () => {
    const storage = memoryStorage();
    storage.setItem('openeenc.birthDraft.fac-1', '{"v":0,"draft":{}}');
    expect(findDraft('fac-1', storage)).toBeUndefined();
    storage.setItem('openeenc.birthDraft.fac-1', 'not json');
    expect(findDraft('fac-1', storage)).toBeUndefined();
  });

  it('is cleared after saving, and every draft at logout', () => {
    const storage = memoryStorage();
    saveDraft(emptyDraft('b-1', 'fac-1'), storage);
    saveDraft(emptyDraft('b-2', 'fac-2'), storage);
    storage.setItem('openeenc.locale', 'vi');
    clearDraft('fac-1', storage);
    expect(findDraft('fac-1', storage)).toBeUndefined();
    expect(findDraft('fac-2', storage)?.id).toBe('b-2');
    clearAllDrafts(storage);
    expect(findDraft('fac-2', storage)).toBeUndefined();
    expect(storage.getItem('openeenc.locale')).toBe('vi');
  });
});
