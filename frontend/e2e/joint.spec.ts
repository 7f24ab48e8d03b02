import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { expectWorkspace, login, logout } from './helpers';

// The prefecture (德宏州) builds a joint plan with market supervision and fire inside its annual
// plan of this year, publishes the plan, draws the joint task with the ordinary draw wizard
// (pool: the public index of 芒市 and 瑞丽市) and publishes the draw; 芒市 then sees the joint
// visits of its entities. The seed has the partner departments' items and officers.
const PREFECTURE = '533100';
const MANGSHI = '533103';
const YEAR = new Date().getFullYear();
const TASK = '建筑施工企业跨部门联合抽查';

// 芒市 draws (plan and draw services, `fixtures/county_draw_overlapping_joint.py`) a county
// task over the stratum of an entity the joint draw drew, at 100 %: the entity is drawn by both.
function countyDrawOverlappingJoint(): { entity: string; inspection: string } {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const code = readFileSync(new URL('./fixtures/county_draw_overlapping_joint.py', import.meta.url), 'utf8');
  const out = execFileSync(`${root}.venv/bin/python`, ['manage.py', 'shell', '-c', code], { cwd: root, encoding: 'utf8' });
  const last = out.trim().split('\n').pop() ?? '{}';
  return JSON.parse(last) as { entity: string; inspection: string };
}

async function pick(page: Page, testId: string, options: string[]) {
  await page.getByTestId(testId).click();
  for (const option of options) {
    await page.locator('.ant-select-item-option', { hasText: option }).first().click();
  }
  await page.keyboard.press('Escape');
}

async function act(page: Page, action: string, expectedStatus: string, fill?: (page: Page) => Promise<void>) {
  await page.getByTestId(`plan-action-${action}`).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).not.toHaveClass(/ant-zoom-enter/);
  if (fill) await fill(page);
  await page.getByTestId('plan-action-confirm').click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('plan-status')).toHaveText(expectedStatus);
}

test.describe('joint cross-department draw', () => {
  test('prefecture plans with market supervision and fire, draws and publishes; the county sees the visit', async ({ page }) => {
    test.setTimeout(300_000);
    await login(page, 'dehong.admin');
    await expectWorkspace(page);
    await page.getByTestId('side-nav').getByText('联合抽查').click();
    await expect(page.getByTestId('joint-page')).toBeVisible();

    // The annual plan of the year, a joint plan inside it, and its joint task.
    await page.getByTestId('joint-create-annual-plan').click();
    await page.getByTestId('joint-new-plan').click();
    await page.getByTestId('joint-plan-title').fill(`${YEAR}年度建筑施工领域部门联合抽查计划`);
    await page.getByTestId('joint-plan-save').click();
    await expect(page.getByTestId('joint-plan-card')).toContainText('部门联合抽查计划');
    await page.getByTestId('joint-new-task').click();
    await expect(page.getByRole('dialog')).not.toHaveClass(/ant-zoom-enter/);
    await page.getByTestId('joint-task-title').fill(TASK);
    await pick(page, 'joint-task-partners', ['市场监管', '消防救援']);
    await pick(page, 'joint-task-items', ['LH-ZJ-01', 'LH-SJ-01', 'LH-XF-01']);
    await pick(page, 'joint-task-counties', ['芒市', '瑞丽市']);
    await page.getByTestId('joint-task-ratio').locator('xpath=descendant-or-self::input').fill('0.5');
    await page.getByTestId('joint-task-save').click();
    const row = page.getByTestId('joint-task-row').filter({ hasText: TASK });
    await expect(row).toContainText('消防救援、市场监管');
    await expect(row).toContainText('芒市');

    // The simulation: pool per county and stratum, officers per department.
    await row.getByTestId('joint-simulate').click();
    const sim = page.getByTestId('joint-simulation');
    await expect(sim).toContainText('消防救援');
    await expect(sim).toContainText('瑞丽市');
    await page.screenshot({ path: 'test-results/joint-simulation.png', fullPage: true });
    await page.keyboard.press('Escape');

    // Publish the annual plan (the joint plan is part of it).
    await page.goto(`/o/${PREFECTURE}/plans?year=${YEAR}`);
    await expect(page.getByTestId('plans-page')).toBeVisible();
    await act(page, 'SUBMIT', '已提交');
    await act(page, 'CONSOLIDATE', '已汇总');
    await act(page, 'REPORT', '已报送', async (p) => {
      await p.getByTestId('action-recipient').fill('德宏州司法局');
    });
    await act(page, 'PUBLISH', '已公开');

    // The joint draw through the ordinary wizard.
    await page.goto(`/o/${PREFECTURE}/draws`);
    await page.getByTestId('draw-new').click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toBeVisible();
    await page.getByTestId('draw-task').click();
    await page.locator('.ant-select-item-option', { hasText: TASK }).first().click();
    await page.getByTestId('draw-round').click();
    await page.locator('.ant-select-item-option', { hasText: '第1轮' }).first().click();
    await page.getByTestId('draw-create-confirm').click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('draw-status')).toHaveText('已预览', { timeout: 30_000 });
    await page.getByTestId('draw-commit').click();
    await page.getByTestId('draw-commit-confirm').click();
    await expect(page.getByTestId('draw-status')).toHaveText('已提交承诺', { timeout: 30_000 });
    await page.getByTestId('draw-next').click();
    for (const [name, value] of [
      ['德宏州市场监督管理局', '3150'],
      ['德宏州消防救援支队', '119'],
    ]) {
      await page.getByTestId('witness-name').fill(name);
      await page.getByTestId('witness-value').fill(value);
      await page.getByTestId('witness-add').click();
      await expect(page.getByTestId('draw-witnesses')).toContainText(name);
    }
    await page.getByTestId('draw-next').click();
    await page.getByTestId('draw-execute').click();
    await page.getByTestId('draw-execute-confirm').click();
    await expect(page.getByTestId('draw-status')).toHaveText('已揭晓', { timeout: 60_000 });
    await expect(page.getByTestId('draw-targets').locator('tbody tr.ant-table-row').first()).toBeVisible();
    await page.getByTestId('draw-next').click();
    await page.getByTestId('draw-publish').click();
    await page.getByTestId('draw-publish-confirm').click();
    await expect(page.getByTestId('draw-status')).toHaveText('已公开');
    await page.screenshot({ path: 'test-results/joint-draw-published.png', fullPage: true });

    // The prefecture's own view of the visits its joint draw made.
    await page.goto(`/o/${PREFECTURE}/joint`);
    await page.getByRole('tab', { name: '联合检查' }).click();
    await expect(page.getByTestId('joint-visit').first()).toContainText('已公开');

    // 芒市 sees the joint visits of its entities: who, when, which items (read-only).
    await logout(page);
    await login(page, 'mangshi.staff');
    await expectWorkspace(page);
    await page.goto(`/o/${MANGSHI}/joint`);
    const visit = page.getByTestId('joint-visit').first();
    await expect(visit).toBeVisible({ timeout: 30_000 });
    await expect(visit).toContainText(TASK);
    await expect(visit).toContainText('消防安全标志检查·消防救援');
    await expect(visit).toContainText('企业公示信息情况检查·市场监管');
    await expect(visit).toContainText('（消防救援）');
    await expect(page.getByTestId('joint-visits')).not.toContainText('瑞丽市');
    await page.screenshot({ path: 'test-results/joint-county-1440.png', fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await expect(page.getByTestId('joint-visit').first()).toContainText('消防救援');
    await page.screenshot({ path: 'test-results/joint-county-390.png', fullPage: true });
    await page.setViewportSize({ width: 1440, height: 900 });

    // 芒市 draws the same entity in its own task: the 受检负担 page proposes ONE combined visit
    // (joint items and the county's), 芒市 accepts, and its inspection shows the combined visit.
    const { entity, inspection } = countyDrawOverlappingJoint();
    await page.goto(`/o/${MANGSHI}/burden`);
    const proposal = page.getByTestId('burden-proposal').filter({ hasText: entity });
    await expect(proposal).toBeVisible({ timeout: 30_000 });
    await expect(proposal).toContainText('德宏州');
    await expect(proposal).toContainText('芒市');
    await page.screenshot({ path: 'test-results/joint-merge-proposal.png', fullPage: true });
    await proposal.getByTestId('burden-accept').click();
    await expect(page.getByText('已合并为一次检查')).toBeVisible();
    await expect(page.getByTestId('burden-proposal').filter({ hasText: entity })).toHaveCount(0);
    await page.goto(`/o/${MANGSHI}/burden?code=${entity}`);
    const burden = page.getByTestId('burden-result');
    await expect(burden).toContainText('合并检查');
    await expect(burden).toContainText('/ 2');
    await expect(burden.getByText('1', { exact: true }).first()).toBeVisible();
    await page.goto(`/o/${MANGSHI}/inspections/${encodeURIComponent(inspection)}`);
    const combined = page.getByTestId('inspection-combined');
    await expect(combined).toBeVisible({ timeout: 30_000 });
    await expect(combined).toContainText('德宏州');
    await expect(combined).toContainText('LH-XF-01');
    await page.screenshot({ path: 'test-results/joint-combined-inspection-1440.png', fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await expect(combined).toBeVisible();
    await page.screenshot({ path: 'test-results/joint-combined-inspection-390.png', fullPage: true });
  });
});
