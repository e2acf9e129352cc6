import type { Principal } from '../../../shared/auth/principal';
import { bienniumOf, previousBiennium } from '../../../shared/reports/report-workflow';
import type { Db, Queryable } from '../../db/db';
import { uuidV5 } from '../../lib/uuid-v5';
import { ROOT_REGION_ID } from '../../seed/bootstrap';
import { orgUnitIdOf, userIdOf } from '../../seed/demo';
import {
  insertQuery,
  insertQueryMessage,
  replaceReviewers,
  setQueryStatus,
  updateReportState,
} from './reports.repo';
import { emptyNarrative, insertVersion, submissionDocument } from './reports.service';
import { findReportRow } from './reports.repo';

/** The demo's independent reviewer: an aggregate-only account at the region (docs/reports.md). */
export const DEMO_REVIEWER = 'irg.expert';

const COUNTRIES = [
  { code: 'VN', author: 'national.vn', pair: ['national.la', DEMO_REVIEWER], language: 'vi' },
  { code: 'LA', author: 'national.la', pair: ['national.vn', DEMO_REVIEWER], language: 'en' },
] as const;

const NARRATIVE = {
  vi: {
    achievements: 'Mở rộng EENC tới các bệnh viện tỉnh; tỷ lệ tiếp xúc da kề da ngay sau sinh tăng.',
    challenges: 'Thiếu bóng và mặt nạ cỡ nhỏ ở tuyến huyện; luân chuyển nhân viên phòng sinh.',
    plan: 'Huấn luyện lại tuyến huyện; đưa chăm sóc kangaroo vào mọi bệnh viện tỉnh.',
  },
  en: {
    achievements: 'EENC introduced in the provincial hospitals; immediate skin-to-skin contact rose.',
    challenges: 'Few small-size bags and masks at district level; turnover of delivery-room staff.',
    plan: 'Refresher coaching at district level; KMC in every provincial hospital.',
  },
} as const;

async function addReviewerAccount(q: Queryable, now: Date) {
  await q.query(
    `insert into users (id, username, display_name, role, locale, password_hash, created_at, updated_at)
     select $1, $2, 'IRG: independent reviewer (demo)', 'partner_viewer', 'en', password_hash, $3, $3
       from users where username = 'partner.who'
     on conflict (id) do nothing`,
    [userIdOf(DEMO_REVIEWER), DEMO_REVIEWER, now],
  );
  await q.query('insert into user_scopes (user_id, org_unit_id) values ($1, $2) on conflict do nothing', [
    userIdOf(DEMO_REVIEWER),
    ROOT_REGION_ID,
  ]);
}

const authorOf = (username: string, id: string): Principal => ({
  userId: id,
  username,
  displayName: username,
  role: 'national_manager',
  locale: 'vi',
  scopes: [],
});

/**
 * Demo country reports (first start of `npm start`): for each demo country a reviewer pair, the previous
 * biennium's report published (every value with data validated, one query thread answered and closed),
 * and the current biennium's report as a draft, so that a new user sees the review working.
 */
export async function seedReportsDemo(db: Db, now: Date): Promise<void> {
  await addReviewerAccount(db, now);
  const current = bienniumOf(now.toISOString().slice(0, 10));
  for (const c of COUNTRIES) {
    const countryId = orgUnitIdOf(c.code);
    const author = authorOf(c.author, userIdOf(c.author));
    await replaceReviewers(db, countryId, c.pair.map(userIdOf), userIdOf('admin'), now);
    const opts = { language: c.language, from: null, now };
    const published = await insertVersion(db, author, { id: countryId }, previousBiennium(current), opts);
    await db.query('update country_reports set narrative = $2::jsonb where id = $1', [
      published,
      JSON.stringify(emptyNarrative(NARRATIVE[c.language])),
    ]);
    await db.query(
      `update report_values set review = 'validated', reviewed_by = $2, reviewed_at = $3
        where report_id = $1 and kind = 'computed' and value is not null`,
      [published, userIdOf(DEMO_REVIEWER), now],
    );
    const query = uuidV5(`demo:report-query:${c.code}`);
    await insertQuery(db, {
      id: query,
      reportId: published,
      valueKey: 'live_births',
      by: userIdOf(DEMO_REVIEWER),
      now,
    });
    const say = (side: 'reviewer' | 'author', by: string, body: string, n: number) =>
      insertQueryMessage(db, {
        id: uuidV5(`demo:report-message:${c.code}:${n}`),
        queryId: query,
        side,
        by,
        body,
        now,
      });
    await say('reviewer', userIdOf(DEMO_REVIEWER), 'Do live births include private hospitals?', 1);
    await say(
      'author',
      author.userId,
      c.language === 'vi' ? 'Có, gồm các bệnh viện tư nhân.' : 'Yes, they do.',
      2,
    );
    await say('reviewer', userIdOf(DEMO_REVIEWER), 'Thank you: validated.', 3);
    await setQueryStatus(db, query, 'closed');
    const row = (await findReportRow(db, published))!;
    await updateReportState(db, published, 'published', now, {
      snapshot: await submissionDocument(db, { ...row, state: 'published' }),
    });
    await insertVersion(db, author, { id: countryId }, current, opts);
  }
}
