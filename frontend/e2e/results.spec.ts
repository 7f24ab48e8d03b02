import { expect as baseExpect, test, type Page } from '@playwright/test';
import { login } from './helpers';

// seed_demo approves and publishes two results per county (one with a finding corrected on
// the spot): the portal shows their notices with a PDF each; the reviewer downloads the party's
// 告知书 and the 笔录 as PDFs made in the background, and exports the published results.
const expect = baseExpect.configure({ timeout: 30_000 });
const MANGSHI = '533103';
const PHONE = { width: 390, height: 844 };

async function downloadOf(page: Page, testId: string): Promise<{ name: string; head: string }> {
  const link = page.getByTestId(`${testId}-download`).first();
  await expect(link).toBeVisible({ timeout: 60_000 });
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return { name: download.suggestedFilename(), head: Buffer.concat(chunks).subarray(0, 4).toString('latin1') };
}

test.describe('published results', () => {
  test('the portal shows each published result with its notice as PDF, on a phone', async ({ browser }) => {
    const visitor = await (await browser.newContext({ viewport: PHONE, locale: 'zh-CN' })).newPage();
    await visitor.goto(`/public/${MANGSHI}`);
    const results = visitor.getByTestId('public-result');
    await expect(results.first()).toBeVisible();
    expect(await results.count()).toBeGreaterThanOrEqual(2);
    const first = results.first();
    await expect(first).toContainText('芒市住房和城乡建设局');
    const href = await first.getByTestId('public-result-pdf').getAttribute('href');
    expect(href).toMatch(/^\/public\/results\/.+\.pdf$/);
    const response = await visitor.request.get(href ?? '');
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('application/pdf');
    expect((await response.body()).subarray(0, 4).toString('latin1')).toBe('%PDF');
    // the crawler rule: no ID numbers, no phone numbers on the public page
    const text = (await visitor.locator('body').innerText()) ?? '';
    expect(text).not.toMatch(/\b\d{17}[\dXx]\b(?![\dA-Z])/);
    expect(text).not.toMatch(/\b1[3-9]\d{9}\b/);
    await visitor.screenshot({ path: 'test-results/results-portal-phone.png', fullPage: true });
  });

  test('the reviewer downloads the 告知书 and the 笔录 and exports the published results', async ({ page }) => {
    test.setTimeout(180_000);
    await login(page, 'mangshi.admin');
    await expect(page).toHaveURL(/\/o\/\d{6}\//);
    await page.goto(`/o/${MANGSHI}/publication`);
    await page.getByTestId('publication-tabs').getByText('已审核').click();
    const card = page.getByTestId('report-card').filter({ hasText: '已公示' }).first();
    await expect(card).toBeVisible();

    await card.getByTestId('doc-notice-start').click();
    const notice = await downloadOf(page, 'doc-notice');
    expect(notice.name).toMatch(/^检查结果告知书-.+\.pdf$/);
    expect(notice.head).toBe('%PDF');

    await card.getByTestId('doc-record-start').click();
    const record = await downloadOf(page, 'doc-record');
    expect(record.name).toMatch(/^现场检查笔录-.+\.pdf$/);
    expect(record.head).toBe('%PDF');

    await page.getByTestId('doc-export-start').click();
    const exported = await downloadOf(page, 'doc-export');
    expect(exported.name).toMatch(/\.xlsx$/);
    expect(exported.head).toBe('PK\u0003\u0004');
    await page.screenshot({ path: 'test-results/results-publication-desktop.png', fullPage: true });
  });
});
