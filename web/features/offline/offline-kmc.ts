import {
  type KmcEpisode,
  KmcEpisodeSchema,
  KmcLogInputSchema,
  type KmcLogInput,
} from '../../../shared/kmc/kmc.schema';
import { flattenDoc } from '../../../shared/sync/flat-record';
import { KMC_LOG_SHAPE, kmcLogId } from '../../../shared/sync/record-shapes';
import { ApiError } from '../../lib/api-client';
import { listKept } from './offline-reads';
import { queueRecord } from './outbox-store';
import { parseForQueue } from './parse-for-queue';
import { sendOrQueue } from './send-or-queue';

/** Where KMC babies read on this device are kept (`readThrough` keys). */
export const KMC_BABY_KEY = 'kmc-baby:';

/**
 * A day of the KMC log: sent at once, or queued without network (a `kmc_log` create or edit in the
 * outbox, named by the episode and the date so that two devices logging one day meet in the merge).
 * The device then shows the baby as last read with the day in its log.
 */
export const saveLogOrQueue = (
  episodeId: string,
  date: string,
  input: KmcLogInput,
  send: () => Promise<KmcEpisode>,
) =>
  sendOrQueue(
    send,
    async () => {
      const { version, confirmWeightJump, ...values } = parseForQueue(KmcLogInputSchema, input);
      const kept = (await listKept(KMC_BABY_KEY, KmcEpisodeSchema)).find((b) => b.episode?.id === episodeId);
      // The baby must have been opened on this device: the form comes from there.
      if (!kept) throw new ApiError(0, 'network', 'network', []);
      await queueRecord(
        'kmc_log',
        kmcLogId(episodeId, date),
        flattenDoc(KMC_LOG_SHAPE, {
          episodeId,
          date,
          ...values,
          confirmWeightJump: confirmWeightJump ?? null,
        }),
      );
      const day = { date, ...values, weightJumpConfirmed: Boolean(confirmWeightJump), version: version ?? 0 };
      const logs = [...kept.logs.filter((l) => l.date !== date), day].sort((a, b) =>
        a.date.localeCompare(b.date),
      );
      return { ...kept, logs };
    },
    kmcLogId(episodeId, date),
  );
