import { expect, test, type Page } from '@playwright/test';
import { expectWorkspace, login, logout, openSwitcherOption } from './helpers';

function currentOrg(page: Page): string {
  return new URL(page.url()).pathname.split('/')[2] ?? '';
}

async function switchTo(page: Page, code: string, rest = '') {
  await (await openSwitcherOption(page, code)).click();
  await expect(page).toHaveURL(new RegExp(`/o/${code}/${rest}$`));
}

test.describe('web app shell', () => {
  test('a county admin of two counties logs in and switches organisation', async ({ page }) => {
    await login(page, 'multi.admin');
    await expectWorkspace(page);

    // The Chinese layout, with the navigation for the features to come.
    const nav = page.getByTestId('side-nav');
    for (const label of ['名录库', '检查计划', '随机抽取', '检查实施', '结果公示', '监督', '审计日志']) {
      await expect(nav.getByText(label, { exact: true })).toBeVisible();
    }

    // Land wherever the app chose; make sure we start outside 瑞丽市, then switch to it.
    if (currentOrg(page) === '533102') await switchTo(page, '533103');
    await switchTo(page, '533102');
    await expect(page).toHaveURL(/\/o\/533102\/$/);
    await expect(page.getByTestId('org-switcher')).toContainText('瑞丽市');
    await expect(page.getByTestId('org-title')).toContainText('瑞丽市');
    await expect(page.getByTestId('read-only-banner')).toHaveCount(0);
    await page.screenshot({ path: 'test-results/shell-multi-admin-ruili.png', fullPage: true });

    // Switching keeps the sub-page.
    await nav.getByText('检查计划', { exact: true }).click();
    await expect(page).toHaveURL(/\/o\/533102\/plans$/);
    await switchTo(page, '533103', 'plans');
    await expect(page.getByRole('heading', { name: '检查计划' })).toBeVisible();
    await expect(page.getByTestId('org-switcher')).toContainText('芒市');
  });

  test('a prefecture admin sees 芒市 read-only in the switcher', async ({ page }) => {
    await login(page, 'dehong.admin');
    await expectWorkspace(page);

    const mangshi = await openSwitcherOption(page, '533103');
    await expect(mangshi).toContainText('芒市');
    await expect(mangshi).toContainText('只读');
    const own = page.getByTestId('org-option-533100');
    await expect(own).toContainText('德宏州');
    await expect(own).toContainText('州局管理员');
    await expect(own).not.toContainText('只读');

    await mangshi.click();
    await expect(page).toHaveURL(/\/o\/533103\/$/);
    await expect(page.getByTestId('read-only-banner')).toContainText('只读（上级监督）');
    await page.screenshot({ path: 'test-results/shell-dehong-admin-mangshi-readonly.png', fullPage: true });
  });

  test('a wrong password shows the generic message and stays on /login', async ({ page }) => {
    await login(page, 'mangshi.admin', 'not-the-password');
    await expect(page.getByTestId('login-error')).toContainText('用户名或密码错误');
    await expect(page).toHaveURL(/\/login$/);
  });

  test('the language switch turns the workspace into English and back', async ({ page }) => {
    await login(page, 'mangshi.admin');
    await expectWorkspace(page);
    await page.getByTestId('language-switch').getByText('English').click();
    await expect(page.getByTestId('side-nav').getByText('Registries', { exact: true })).toBeVisible();
    await page.reload();
    await expect(page.getByTestId('side-nav').getByText('Registries', { exact: true })).toBeVisible();
    await page.getByTestId('language-switch').getByText('中文').click();
    await expect(page.getByTestId('side-nav').getByText('名录库', { exact: true })).toBeVisible();
  });

  test('logout from the user menu returns to the login page', async ({ page }) => {
    await login(page, 'mangshi.admin');
    await expectWorkspace(page);
    await logout(page);
    await page.goto('/o/533103/');
    await expect(page).toHaveURL(/\/login\?next=/);
  });
});

test.describe('organisations the user may not open', () => {
  test('a county admin gets a 403 page for another county, with a link back', async ({ page }) => {
    await login(page, 'mangshi.admin');
    await expectWorkspace(page);
    await page.goto('/o/533102/');
    const result = page.getByTestId('org-unavailable');
    await expect(result).toContainText('无权访问该组织');
    await result.getByRole('link').click();
    await expect(page).toHaveURL(/\/o\/533103\/$/);
  });
});
