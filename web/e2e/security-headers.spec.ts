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
    // Under the docs' own policy the tags are drawn, and an opened tag draws its operations.
    await page.locator('#operations-tag-births').click();
    await page.getByText('/api/births', { exact: true }).first().waitFor();
    expect(violations).toEqual([]);
    await context.close();
  });

  it('lists every tag of the OpenAPI document in the API docs, and each opened tag draws all its operations', async () => {
    const { context, page } = await newPage(e2e, { locale: 'en-GB' });
    const doc = (await (await page.request.get('/api/openapi.json')).json()) as {
      paths: Record<string, Record<string, { tags?: string[] }>>;
    };
    const perTag = new Map<string, number>();
    for (const methods of Object.values(doc.paths))
      for (const op of Object.values(methods))
        for (const t of op.tags ?? []) perTag.set(t, (perTag.get(t) ?? 0) + 1);
    expect(perTag.size).toBeGreaterThan(10);
    await page.goto('/api/docs');
    await page.locator('.opblock-tag').first().waitFor();
    const drawn = await page
      .locator('.opblock-tag')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-tag')));
    expect(drawn.sort()).toEqual([...perTag.keys()].sort());
    for (const [tag, count] of perTag) {
      await page.locator(`#operations-tag-${tag}`).click();
      await expect
        .poll(() => page.locator(`.opblock[id^="operations-${tag}-"]`).count(), { message: tag })
        .toBe(count);
      await page.locator(`#operations-tag-${tag}`).click(); // folded again, as a reader moves on
    }
    await context.close();
  });
});
