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
    // The first operation drawn under the docs' own policy. (Known defect, docs/decisions.md is not the
    // place: since the screening routes were added, swagger-ui stops drawing after the third tag; the
    // document at /api/openapi.json is complete. Open in the issue notes of 6 December 2026.)
    await page.getByText('/api/health', { exact: true }).first().waitFor();
    expect(violations).toEqual([]);
    await context.close();
  });
});
