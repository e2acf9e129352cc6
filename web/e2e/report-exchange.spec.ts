import { describe, expect, it } from 'vitest';
import { reportsI18n } from '../features/reports/i18n';
import { axeViolations, browserAvailable, openAs, pageWidth, useE2E } from './harness';

const vi = reportsI18n.vi;
const en = reportsI18n.en;

describe.runIf(browserAvailable())('the report exchange settings on a phone (390 px)', () => {
  const e2e = useE2E();

  it("the coordinator makes a country's token (shown once) and revokes it; the country keeps it on the server", async () => {
    // The regional coordinator (an English-speaking account).
    const coordinator = await openAs(e2e, 'admin', { mobile: true });
    const page = coordinator.page;
    await page.goto('/reports');
    await page.getByRole('link', { name: en.navExchange }).click();
    await page.getByRole('heading', { name: en.tokensTitle }).waitFor();
    await page.getByLabel(en.country).selectOption({ label: 'Việt Nam' });
    await page.getByRole('button', { name: en.tokenCreate }).click();
    const shown = page.locator('.exchange-token code');
    await shown.waitFor();
    const token = (await shown.textContent()) ?? '';
    expect(token).toMatch(/^oeenc_rx_/);
    await page.getByText(`Việt Nam · …${token.slice(-4)}`).waitFor();
    expect(await pageWidth(page)).toBe(390);
    expect(await axeViolations(page)).toEqual([]);

    // The country's national manager, in Vietnamese, sets the regional instance and its token.
    const manager = await openAs(e2e, 'national.vn', { mobile: true });
    await manager.page.goto('/reports/exchange');
    await manager.page.getByLabel(vi.regionUrl).fill('https://region.example.org');
    await manager.page.getByLabel(vi.regionToken).fill(token);
    await manager.page.getByRole('button', { name: vi.saveContent }).click();
    await manager.page.getByText(vi.regionTokenKept.replace('{hint}', token.slice(-4))).waitFor();
    // The token is not in the page once saved: the field is empty and only its end is shown.
    expect(await manager.page.getByLabel(vi.regionToken).inputValue()).toBe('');
    expect(await manager.page.content()).not.toContain(token);
    expect(await pageWidth(manager.page)).toBe(390);
    expect(await axeViolations(manager.page)).toEqual([]);

    // A reload shows the token by its last characters, never in full.
    await page.reload();
    await page.getByRole('heading', { name: en.tokensTitle }).waitFor();
    expect(await page.content()).not.toContain(token);
    await page
      .getByRole('button', {
        name: en.tokenRevokeOf.replace('{hint}', token.slice(-4)).replace('{country}', 'Việt Nam'),
      })
      .click();
    await page.getByText(/^Revoked /).waitFor();
    await coordinator.context.close();
    await manager.context.close();
  });
});
