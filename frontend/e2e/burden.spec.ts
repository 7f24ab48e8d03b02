import { expect, test } from '@playwright/test';
import { expectWorkspace, login } from './helpers';

// 受检负担 (issue 11): the prefecture administrator sets the visit cap, lists the entities
// closest to it (the demo draws' targets), opens one and sees its inspections across levels
// (cards on a phone); a county officer reaches the view from the registry's entity drawer.

test('the prefecture sets the cap and opens an entity from the closest-to-cap list', async ({ page }) => {
  await login(page, 'dehong.admin');
  await expectWorkspace(page);
  await page.goto('/o/533100/burden');
  const cap = page.getByTestId('burden-cap');
  await expect(cap).toContainText('2 次');
  await cap.getByTestId('burden-cap-edit').click();
  await cap.getByRole('spinbutton').fill('3');
  await cap.getByTestId('burden-cap-save').click();
  await expect(page.getByText('受检次数上限已更新')).toBeVisible();
  await expect(cap).toContainText('3 次');
  const near = page.getByTestId('burden-near');
  await expect(near.locator('tbody tr.ant-table-row').first()).toContainText('1 / 3');
  await near.getByRole('button', { name: /查\s*看/ }).first().click();
  const result = page.getByTestId('burden-result');
  await expect(result).toContainText('/ 3');
  await expect(result.getByTestId('burden-visits')).toContainText('随机抽查');
  await page.screenshot({ path: 'test-results/burden-1440.png', fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByTestId('burden-visit-card').first()).toBeVisible();
  await page.screenshot({ path: 'test-results/burden-390.png', fullPage: true });
  await page.setViewportSize({ width: 1440, height: 900 });
  // Back to the default for the other tests.
  await cap.getByTestId('burden-cap-edit').click();
  await cap.getByRole('spinbutton').fill('2');
  await cap.getByTestId('burden-cap-save').click();
  await expect(cap).toContainText('2 次');
});

test('a county officer opens the burden view from the entity drawer', async ({ page }) => {
  await login(page, 'mangshi.staff');
  await expectWorkspace(page);
  await page.goto('/o/533103/registries');
  await page.getByRole('tab', { name: '市场主体' }).click();
  const table = page.getByTestId('registry-entities');
  const row = table.locator('tbody tr.ant-table-row').first();
  await expect(row).toBeVisible();
  await row.locator('td').first().click();
  const drawer = page.getByTestId('record-detail');
  await expect(drawer).toBeVisible();
  await drawer.getByTestId('record-burden-link').click();
  await expect(page).toHaveURL(/\/o\/533103\/burden\?code=[0-9A-Z]{18}$/);
  const code = new URL(page.url()).searchParams.get('code') ?? '';
  await expect(page.getByTestId('burden-result')).toContainText(code);
  await expect(page.getByTestId('burden-result')).toContainText('/ 2');
});
