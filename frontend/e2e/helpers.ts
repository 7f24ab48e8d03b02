import { expect, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'suiji-demo-2026';

/** Signs in through the login page and waits until the workspace of some organisation is shown. */
export async function login(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
}

/**
 * Signs out from the header's user menu and waits for the login page the sign-out loads (a
 * full page load: a navigation started before it ends would be cut short by it).
 */
export async function logout(page: Page): Promise<void> {
  await page.getByTestId('user-menu').click();
  await page.getByRole('menuitem', { name: '退出登录' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByLabel('用户名')).toBeVisible();
  await page.waitForLoadState('load');
}

export async function expectWorkspace(page: Page): Promise<void> {
  await expect(page).toHaveURL(/\/o\/\d{6}\/$/);
  await expect(page.getByTestId('app-header')).toContainText('随机 Suiji · 双随机、一公开监管平台');
  await expect(page.getByTestId('side-nav')).toBeVisible();
}

/** Opens the organisation switcher in the header and returns the option of `code`. */
export async function openSwitcherOption(page: Page, code: string) {
  await page.getByTestId('org-switcher').click();
  const option = page.getByTestId(`org-option-${code}`);
  await expect(option).toBeVisible();
  return option;
}
