import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiError } from '../../lib/api-client';
import { FOLLOW_UP_KEY, forgetReads, keepRead, readThrough } from './offline-reads';

const Schema = z.object({ name: z.string() });
const network = () => Promise.reject(new ApiError(0, 'network', 'network', []));

describe('reference data kept on the device for opening pages offline', () => {
  it('answers the last copy from the server when the network is down, and the server whenever it answers', async () => {
    expect(await readThrough('unit:a', Schema, () => Promise.resolve({ name: 'Đà Nẵng' }))).toEqual({
      name: 'Đà Nẵng',
    });
    expect(await readThrough('unit:a', Schema, network)).toEqual({ name: 'Đà Nẵng' });
    expect(await readThrough('unit:a', Schema, () => Promise.resolve({ name: 'Quảng Nam' }))).toEqual({
      name: 'Quảng Nam',
    });
    expect(await readThrough('unit:a', Schema, network)).toEqual({ name: 'Quảng Nam' });
  });

  it('passes on the network error when nothing was kept, and every error of the server', async () => {
    await expect(readThrough('unit:never-read', Schema, network)).rejects.toMatchObject({ code: 'network' });
    await readThrough('unit:b', Schema, () => Promise.resolve({ name: 'Hải Châu' }));
    await expect(
      readThrough('unit:b', Schema, () => Promise.reject(new ApiError(403, 'forbidden', 'no', []))),
    ).rejects.toMatchObject({ status: 403 });
  });
});

describe('follow-ups dropped from the device', () => {
  it('answers a forgotten copy no more without network, and keeps the others', async () => {
    await keepRead([
      { key: `${FOLLOW_UP_KEY}a`, value: { name: 'Mẹ A' } },
      { key: `${FOLLOW_UP_KEY}b`, value: { name: 'Mẹ B' } },
    ]);
    await forgetReads([`${FOLLOW_UP_KEY}a`, `${FOLLOW_UP_KEY}never-kept`]);
    await expect(readThrough(`${FOLLOW_UP_KEY}a`, Schema, network)).rejects.toMatchObject({
      code: 'network',
    });
    expect(await readThrough(`${FOLLOW_UP_KEY}b`, Schema, network)).toEqual({ name: 'Mẹ B' });
  });
});
