import { expect, test } from '@playwright/test';
import { expectWorkspace, login } from './helpers';

// seed_demo publishes this year's plan in every county with one task of two rounds and one
// published draw of round 1. A round is drawn once (a re-draw needs the first voided), so the
// test draws round 2: the targets of round 1 are excluded by the ledger (already inspected this
// year for the same items).
const MANGSHI = '533103';
const TASK_TITLE = '建筑市场主体资质及履职情况随机抽查';

test.describe('random draw', () => {
  test('runs from preview to publish, then the public reads and downloads the record', async ({ page, browser, baseURL }) => {
    test.setTimeout(240_000);
    await login(page, 'mangshi.staff');
    await expectWorkspace(page);
    await page.goto(`/o/${MANGSHI}/draws`);
    await expect(page.getByTestId('draws-page')).toBeVisible();
    await expect(page.getByRole('heading', { name: '随机抽取' })).toBeVisible();
    // The seeded draw is listed as published.
    await expect(page.getByTestId('draws-table')).toContainText('已公开');

    // 新建抽取: a task of the published plan and its round.
    await page.getByTestId('draw-new').click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toBeVisible();
    await page.getByTestId('draw-task').click();
    await page.locator('.ant-select-item-option', { hasText: TASK_TITLE }).first().click();
    await page.getByTestId('draw-round').click();
    // The demo drew round 1 already: the picker offers only the rounds not drawn.
    await expect(page.locator('.ant-select-item-option', { hasText: '第1轮' })).toHaveCount(0);
    await page.locator('.ant-select-item-option', { hasText: '第2轮' }).first().click();
    await expect(dialog).toContainText('第2轮');
    await page.getByTestId('draw-create-confirm').click();
    await expect(dialog).toBeHidden();

    // 1 预览
    await expect(page).toHaveURL(new RegExp(`/o/${MANGSHI}/draws/[^/]+$`));
    await expect(page.getByTestId('draw-status')).toHaveText('已预览', { timeout: 30_000 });
    await expect(page.getByTestId('draw-step-preview')).toBeVisible();
    await expect(page.getByTestId('draw-strata').locator('tbody tr.ant-table-row').first()).toBeVisible();
    // The targets of the seeded draw are excluded: already inspected this year for the same items.
    // (Retried: under load a click during the dropdown's opening animation can be lost.)
    await expect(async () => {
      await page.getByTestId('draw-excluded-reason').click();
      await page.locator('.ant-select-item-option', { hasText: '本计划年度已就同一事项检查过' }).click({ timeout: 5000 });
      await expect(page.getByTestId('draw-excluded').locator('tbody tr.ant-table-row').first()).toContainText(
        '本计划年度已就同一事项检查过',
        { timeout: 5000 },
      );
    }).toPass({ timeout: 45000 });
    const reference = (await page.getByTestId('draw-reference').textContent())?.trim() ?? '';
    expect(reference).toMatch(new RegExp(`^${MANGSHI}-D\\d{6}$`));

    // 2 提交承诺
    await page.getByTestId('draw-commit').click();
    await page.getByTestId('draw-commit-confirm').click();
    await expect(page.getByTestId('draw-status')).toHaveText('已提交承诺');
    await expect(page.getByTestId('draw-step-commit')).toBeVisible();
    await expect(page.getByTestId('draw-commitment')).toContainText(/[0-9a-f]{64}/);
    await expect(page.getByTestId('draw-pool-digest')).toContainText(/[0-9a-f]{64}/);
    const commitment = ((await page.getByTestId('draw-commitment').textContent()) ?? '').match(/[0-9a-f]{64}/)?.[0] ?? '';

    // Before the reveal, an anonymous visitor already sees the committed draw: its commitment,
    // the strata with each entity's chance, and a commit record to keep.
    const anonymous = await browser.newContext({ baseURL, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const visitor = await anonymous.newPage();
    await visitor.goto(`/public/${MANGSHI}`);
    await expect(visitor.getByTestId('public-draws')).toContainText(reference, { timeout: 30_000 });
    await visitor.getByTestId(`public-draw-${reference}`).click();
    // The draw's public page, at its readable address (the list's status tags are gone).
    await expect(visitor).toHaveURL(new RegExp(`/public/${MANGSHI}/draws/${reference}$`), { timeout: 30_000 });
    await expect(visitor.getByTestId('public-draw')).toBeVisible({ timeout: 30_000 });
    await expect(visitor.getByTestId('draw-status')).toHaveText('已提交承诺', { timeout: 30_000 });
    await expect(visitor.getByTestId('public-draw-commitment')).toContainText(commitment);
    await expect(visitor.getByTestId('public-draw-not-revealed')).toBeVisible();
    await expect(visitor.getByTestId('public-draw-strata')).toContainText('%');
    await expect(visitor.getByTestId('draw-download')).toHaveCount(0);
    const commitHref = await visitor.getByTestId('draw-commit-download').getAttribute('href');
    expect(commitHref).toBe(`/o/${MANGSHI}/draws/${reference}/commit.json`);
    const commitRecord = (await (await anonymous.request.get(commitHref!)).json()) as Record<string, unknown>;
    expect(commitRecord.format).toBe('suiji-commit/2');
    expect(commitRecord.commitment).toBe(commitment);
    expect(commitRecord).not.toHaveProperty('secret');

    // 3 见证输入
    await page.getByTestId('draw-next').click();
    await expect(page.getByTestId('draw-step-witness')).toBeVisible();
    await page.getByTestId('witness-name').fill('芒市公证处');
    await page.getByTestId('witness-value').fill('31415926');
    await page.getByTestId('witness-add').click();
    await expect(page.getByTestId('draw-witnesses')).toContainText('31415926');
    await expect(page.getByTestId('draw-witnesses')).toContainText('芒市公证处');

    // 4 揭晓
    await page.getByTestId('draw-next').click();
    await expect(page.getByTestId('draw-step-reveal')).toBeVisible();
    await page.getByTestId('draw-execute').click();
    await page.getByTestId('draw-execute-confirm').click();
    await expect(page.getByTestId('draw-status')).toHaveText('已揭晓', { timeout: 30_000 });
    await expect(page.getByTestId('draw-result')).toBeVisible();
    await expect(page.getByTestId('draw-seed')).toContainText(/[0-9a-f]{64}/);
    await expect(page.getByTestId('draw-targets').locator('tbody tr.ant-table-row').first()).toBeVisible();
    await expect(page.getByTestId('draw-teams')).toContainText('执法检查人员');

    // 5 公开
    await page.getByTestId('draw-next').click();
    await page.getByTestId('draw-publish').click();
    await page.getByTestId('draw-publish-confirm').click();
    await expect(page.getByTestId('draw-status')).toHaveText('已公开');
    await expect(page.getByTestId('draw-record-link')).toHaveAttribute('href', `/o/${MANGSHI}/draws/${reference}/record.json`);
    await expect(page.getByTestId('draw-public-link')).toBeVisible();

    // The anonymous visitor again: the page now shows the targets and the download, and the
    // record is a suiji-draw/2 file with the commitment published before the reveal.
    await visitor.goto(`/public/${MANGSHI}`);
    await expect(visitor.getByTestId('public-draws')).toContainText(reference, { timeout: 30_000 });
    await visitor.getByTestId(`public-draw-${reference}`).click();
    await expect(visitor).toHaveURL(new RegExp(`/public/${MANGSHI}/draws/${reference}$`), { timeout: 30_000 });
    await expect(visitor.getByTestId('public-draw')).toBeVisible({ timeout: 30_000 });
    await expect(visitor.getByTestId('public-draw-reference')).toHaveText(reference);
    await expect(visitor.getByTestId('draw-status')).toHaveText('已公开');
    await expect(visitor.getByTestId('draw-targets').locator('tbody tr.ant-table-row').first()).toBeVisible();
    await expect(visitor.getByTestId('draw-verify')).toContainText(`verify-draw ${reference}.json`);
    await expect(visitor.getByTestId('public-draw')).toContainText('芒市公证处');
    const download = visitor.getByTestId('draw-download');
    await expect(download).toBeVisible();
    const href = await download.getAttribute('href');
    expect(href).toBe(`/o/${MANGSHI}/draws/${reference}/record.json`);
    const response = await anonymous.request.get(href!);
    expect(response.status()).toBe(200);
    const record = (await response.json()) as { format?: string; commitment?: string };
    expect(record.format).toBe('suiji-draw/2');
    expect(record.commitment).toBe(commitment);
    await expect(visitor.getByTestId('public-draw-inspectors')).toContainText('%');
    await anonymous.close();
  });
});
