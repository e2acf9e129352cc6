import { describe, expect, it } from 'vitest';
import { browserAvailable, loginAs, newPage, useE2E } from './harness';

describe.runIf(browserAvailable())('content security policy in a real browser', () => {
  const e2e = useE2E();

  it('renders the app under a policy without inline scripts or styles, and the API docs under their own', async () => {
    const { context, page } = await newPage(e2e, { locale: 'en-GB' });
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/.test(m.text())) violations.push(m.text());
    });
    const app = await page.goto('/');
    expect(app?.headers()['content-security-policy']).toContain("script-src 'self';");
    await loginAs(page, 'midwife.dn');
    await page.goto('/births/new');
    await page.getByRole('button', { name: /Save birth|Lưu ca sinh/ }).waitFor();
    await page.goto('/api/docs');
    await page.getByText('OpenEENC API').first().waitFor();
    await page.getByText('/api/births').first().waitFor();
    expect(violations).toEqual([]);
    await context.close();
  });
});
