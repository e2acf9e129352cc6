import { describe, expect, it } from 'vitest';
import { birthsI18n } from '../features/births/i18n';
import { pncI18n } from '../features/pnc/i18n';
import {
  browserAvailable,
  hoursAgoLocal,
  loginAs,
  newPage,
  openAs,
  pickRadio,
  textboxByLabel,
  useE2E,
} from './harness';

const vi = birthsI18n.vi;
const pncVi = pncI18n.vi;

describe.runIf(browserAvailable())('postnatal handover from a hospital, at phone size', () => {
  const e2e = useE2E();

  it("a hospital midwife picks the mother's commune by typing it without accents, and its PNC worker sees the pair", async () => {
    const motherName = 'Lương Thị Kim Oanh';
    const midwife = await newPage(e2e, { mobile: true });
    const page = midwife.page;
    await loginAs(page, 'midwife.dn');
    await page.goto('/births/new');
    await textboxByLabel(page, vi.recordNumber).fill('HANDOVER-1');
    await page.getByRole('textbox', { name: vi.age, exact: true }).fill('27');
    await page.getByRole('textbox', { name: vi.motherName, exact: true }).fill(motherName);

    // The commune lies outside the midwife's scope (her hospital): typed without accents, chosen by keyboard.
    const commune = page.getByRole('searchbox', { name: vi.commune });
    await commune.fill('Hai Chau');
    const option = page.getByRole('button', {
      name: vi.communeChoose
        .replace('{name}', 'Trạm Y tế phường Hải Châu I')
        .replace('{where}', 'Quận Hải Châu, Thành phố Đà Nẵng'),
    });
    await option.waitFor();
    await commune.press('ArrowDown');
    expect(await option.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    await option.press('Enter');
    await page.getByText('Đã chọn: Trạm Y tế phường Hải Châu I').waitFor();
    // On a phone the form is a sequence of steps: mother, delivery, the baby, its routine care.
    const next = page.getByRole('button', { name: vi['steps.next'], exact: true });
    await next.click();

    // Born 50 hours ago: contact 2 (the commune's) is due today.
    const bornAt = hoursAgoLocal(50);
    await page.getByLabel(new RegExp(`^${vi.bornAt}`)).fill(bornAt);
    await pickRadio(page, vi.mode, vi['mode.spontaneous_vaginal']);
    await next.click();
    await pickRadio(page, vi.sex, vi['sex.female']);
    await pickRadio(page, vi.outcome, vi['outcome.live_birth']);
    await textboxByLabel(page, vi.weight).fill('3100');
    await textboxByLabel(page, vi.drying).fill('3');
    await pickRadio(page, vi.breathing, vi.yes);
    await textboxByLabel(page, vi.cordClamped).fill('2');
    await textboxByLabel(page, vi.sscStarted).fill('1');
    await textboxByLabel(page, vi.sscDuration).fill('100');
    await pickRadio(page, vi.separated, vi.no);
    await textboxByLabel(page, vi.bfStarted).fill('25');
    await next.click();
    await page.getByRole('button', { name: vi.save }).click();
    await page.waitForURL(/\/births\/[0-9a-f-]{36}$/);
    await page.getByText('Trạm Y tế phường Hải Châu I').waitFor();
    await midwife.context.close();

    const [stored] = await e2e.testDb.db.query<{ code: string }>(
      `select c.code from births b join org_units c on c.id = b.mother_commune_id
        where b.mother_record_number = 'HANDOVER-1'`,
    );
    expect(stored?.code).toBe('VN-DN-HC-C01');

    // The commune's PNC worker finds the pair on the worklist, with the mother's name.
    const worker = await openAs(e2e, 'pnc.hc1', { mobile: true });
    await worker.page.goto('/pnc');
    const dueToday = worker.page.getByRole('region', { name: pncVi['section.due_today'] });
    await dueToday.getByRole('listitem').filter({ hasText: motherName }).first().waitFor();
    await worker.context.close();
  });
});
