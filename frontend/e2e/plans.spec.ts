import { expect, test, type Page } from '@playwright/test';
import { expectWorkspace, login, logout } from './helpers';

// The demo seed has no annual plans: 2027 (next year's plan, drafted before 31 December 2026)
// is free in a fresh e2e database.
const YEAR = 2027;
const MANGSHI = '533103';
const TASK_TITLE = '2027年建筑施工企业安全生产许可条件抽查';

async function openPlans(page: Page) {
  await page.goto(`/o/${MANGSHI}/plans?year=${YEAR}`);
  await expect(page.getByTestId('plans-page')).toBeVisible();
  await expect(page.getByRole('heading', { name: '检查计划' })).toBeVisible();
}

async function act(page: Page, action: string, expectedStatus: string, fill?: (page: Page) => Promise<void>) {
  await page.getByTestId(`plan-action-${action}`).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  // Let the modal finish opening: a click during antd's zoom-in animation can be lost.
  await expect(dialog).not.toHaveClass(/ant-zoom-enter/);
  if (fill) await fill(page);
  await page.getByTestId('plan-action-confirm').click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('plan-status')).toHaveText(expectedStatus);
}

test.describe('annual inspection plan', () => {
  test('drafted by a section, consolidated, reported and published by the policy section, read by the public', async ({
    page,
    browser,
    baseURL,
  }) => {
    // Three users and an anonymous visitor in one story: longer than the default minute.
    test.setTimeout(180_000);

    // 1. The business section drafts next year's plan and a task, then submits it.
    await login(page, 'mangshi.staff');
    await expectWorkspace(page);
    await openPlans(page);
    await expect(page.getByTestId('plan-none')).toContainText(`${YEAR}年度尚未编制检查计划`);
    await expect(page.getByTestId('deadline-draft')).toContainText('编制截止 2026-12-31');
    await page.getByTestId('plan-create').click();
    await page.getByTestId('plan-create-confirm').click();
    await expect(page.getByTestId('plan-panel')).toBeVisible();
    await expect(page.getByTestId('plan-title')).toContainText(`芒市`);
    await expect(page.getByTestId('plan-status')).toHaveText('草稿');
    await expect(page.getByTestId('plan-version')).toHaveText('尚未公开');

    await page.getByTestId('task-add').click();
    const form = page.getByTestId('task-form');
    await expect(form).toBeVisible();
    await page.getByTestId('task-title').fill(TASK_TITLE);
    await page.getByTestId('task-section').fill('建筑业管理股');
    await page.getByTestId('task-items').click();
    await page.locator('.ant-select-item-option', { hasText: 'ZJ-001' }).click();
    await page.keyboard.press('Escape');
    await page.getByTestId('task-save').click();
    await expect(page.getByTestId('task-form')).toBeHidden();
    const row = page.getByTestId('plan-tasks').locator('tr', { hasText: TASK_TITLE });
    await expect(row).toContainText('建筑施工企业安全生产许可条件检查');
    await expect(row).toContainText('每轮 3%');
    await expect(row).toContainText(`第1轮 ${YEAR}-04-01 ~ ${YEAR}-09-30`);

    // The pre-draw simulation of round 1.
    // The simulation is shown without unfolding the row.
    await expect(page.getByTestId('sim-targets')).toHaveText(/^\d+(–\d+)?$/);
    await page.screenshot({ path: 'test-results/plans-draft-simulation.png', fullPage: true });

    await act(page, 'SUBMIT', '已提交');
    await expect(page.getByTestId('plan-actions')).toHaveCount(0);
    await logout(page);

    // 2. The policy section consolidates, reports upward and publishes.
    await login(page, 'mangshi.admin');
    await expectWorkspace(page);
    await openPlans(page);
    await expect(page.getByTestId('plan-status')).toHaveText('已提交');
    await act(page, 'CONSOLIDATE', '已汇总');
    await act(page, 'REPORT', '已报送');
    await act(page, 'PUBLISH', '已公开');
    await expect(page.getByTestId('plan-version')).toHaveText('v1');
    const history = page.getByTestId('plan-history');
    await expect(history).toContainText('提交：草稿 → 已提交');
    await expect(history).toContainText('mangshi.staff');
    await expect(history).toContainText('报送对象：德宏州');
    await expect(history).toContainText('公开：已报送 → 已公开');
    await expect(page.getByTestId('plan-actions').getByTestId('plan-action-ADJUST')).toBeVisible();
    await page.screenshot({ path: 'test-results/plans-published.png', fullPage: true });
    await logout(page);

    // The prefecture sees every county's plan of the year and acknowledges 芒市's report.
    await login(page, 'dehong.admin');
    await expectWorkspace(page);
    await page.goto(`/o/533100/plans?year=${YEAR}`);
    await page.getByRole('tab', { name: '各县（市）计划' }).click();
    const statuses = page.getByTestId('plan-statuses');
    const mangshiRow = statuses.locator('tr', { hasText: MANGSHI });
    await expect(mangshiRow).toContainText('已公开');
    await expect(mangshiRow).toContainText('v1');
    await mangshiRow.getByTestId(`ack-${MANGSHI}`).click();
    await expect(mangshiRow).toContainText('已签收');
    await page.screenshot({ path: 'test-results/plans-prefecture-statuses.png', fullPage: true });

    // 3. Anyone, without logging in, reads the published plan (version 1).
    const anonymous = await browser.newContext({ baseURL, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const visitor = await anonymous.newPage();
    await visitor.goto(`/public/${MANGSHI}`);
    const card = visitor.getByTestId(`public-plan-${YEAR}`);
    await expect(card).toBeVisible();
    await expect(card).toContainText(`芒市`);
    await expect(card).toContainText(TASK_TITLE);
    await expect(card).toContainText('建筑施工企业安全生产许可条件检查');
    await expect(card.getByTestId('public-plan-version-number')).toHaveText('v1');
    await expect(visitor.getByTestId(`public-plan-versions-${YEAR}`)).toContainText('第1版');
    // No personal data: no user names from the internal trail.
    await expect(visitor.getByTestId('public-plans')).not.toContainText('mangshi.');
    await visitor.screenshot({ path: 'test-results/plans-public.png', fullPage: true });
    await anonymous.close();
  });
});
