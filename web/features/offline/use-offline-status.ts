import { liveQuery } from 'dexie';
import { useEffect, useState } from 'react';
import { outboxCounts } from './outbox-store';

export type OfflineStatus = {
  waiting: number;
  refused: number;
  unreadable: number;
  online: boolean;
  persisted: boolean | null;
};

/**
 * What waits in the outbox (live: Dexie re-reads it after every change, in any tab), whether the
 * browser is online, and whether the browser granted persistent storage (null: not known yet).
 */
export function useOfflineStatus(): OfflineStatus {
  const [counts, setCounts] = useState({ waiting: 0, refused: 0, unreadable: 0 });
  const [online, setOnline] = useState(() => navigator.onLine);
  const [persisted, setPersisted] = useState<boolean | null>(null);
  useEffect(() => {
    const sub = liveQuery(outboxCounts).subscribe({
      next: setCounts,
      error: () => setCounts({ waiting: 0, refused: 0, unreadable: 0 }),
    });
    const update = () => setOnline(navigator.onLine);
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    void requestPersistence().then(setPersisted);
    return () => {
      sub.unsubscribe();
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
    };
  }, []);
  return { ...counts, online, persisted };
}

/** Asks the browser to keep this site's storage (it may refuse, or not support it: then false). */
async function requestPersistence(): Promise<boolean> {
  const storage = navigator.storage as StorageManager | undefined;
  if (!storage?.persist) return false;
  try {
    return (await storage.persisted()) || (await storage.persist());
  } catch {
    return false;
  }
}
