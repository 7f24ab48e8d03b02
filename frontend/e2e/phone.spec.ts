import { expect, test, type Page } from '@playwright/test';
import { login } from './helpers';

/**
 * On a phone (390 px) no page is wider than the screen (a table scrolls inside its card), the
 * menu opens as a drawer and the language switch and user menu stay in the header. The same
 * pages are photographed at 1440 px and 390 px (test-results/phone-*.png, desktop-*.png).
 */
const MANGSHI = '533103';
const PHONE = { width: 390, height: 844 };

async function noHorizontalOverflow(page: Page) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.scrollingElement?.scrollWidth ?? 0,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth, 'the page is no wider than the screen').toBeLessThanOrEqual(innerWidth);
}

async function settle(page: Page, testId: string) {
  await expect(page.getByTestId(testId).first()).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('.ant-spin-spinning')).toHaveCount(0, { timeout: 30_000 });
}

const PUBLIC_PAGES: [string, string, string][] = [
  ['portal', '/', 'public-info'],
  ['public-plan', `/public/${MANGSHI}`, 'public-draws'],
  ['login', '/login', 'login-card'],
];

const WORKSPACE_PAGES: [string, string, string][] = [
  ['org-home', `/o/${MANGSHI}/`, 'org-title'],
  ['registries', `/o/${MANGSHI}/registries?tab=entities`, 'registry-entities'],
  ['plans', `/o/${MANGSHI}/plans`, 'plans-page'],
  ['draws', `/o/${MANGSHI}/draws`, 'draws-table'],
  ['targeted', `/o/${MANGSHI}/targeted`, 'targeted-page'],
];

for (const [label, size] of [
  ['phone', PHONE],
  ['desktop', { width: 1440, height: 900 }],
] as const) {
  test.describe(`${label} (${size.width} px)`, () => {
    test.use({ viewport: size });
    // Several pages a test on a loaded machine.
    test.setTimeout(300_000);

    test('public pages and the public draw fit the screen', async ({ page }) => {
      for (const [name, path, testId] of PUBLIC_PAGES) {
        await page.goto(path);
        await settle(page, testId);
        if (label === 'phone') await noHorizontalOverflow(page);
        await page.screenshot({ path: `test-results/${label}-${name}.png`, fullPage: true });
      }
      // the published demo draw of 芒市
      await page.goto(`/public/${MANGSHI}`);
      await page.locator(`[data-testid^="public-draw-${MANGSHI}-D"]`).first().click();
      await settle(page, 'public-draw');
      if (label === 'phone') {
        await noHorizontalOverflow(page);
        // entity names are not broken one character per line
        const cell = page.getByTestId('draw-targets').locator('tbody tr.ant-table-row td').nth(1);
        const box = await cell.boundingBox();
        expect(box && box.width).toBeGreaterThan(40);
      }
      await page.screenshot({ path: `test-results/${label}-public-draw.png`, fullPage: true });
    });

    test('workspace pages fit the screen and the menu is reachable', async ({ page }) => {
      await login(page, 'mangshi.admin');
      await expect(page).toHaveURL(/\/o\/\d{6}\/$/);
      for (const [name, path, testId] of WORKSPACE_PAGES) {
        await page.goto(path);
        await settle(page, testId);
        await expect(page.getByTestId('language-switch')).toBeVisible();
        await expect(page.getByTestId('user-menu')).toBeVisible();
        if (label === 'phone') await noHorizontalOverflow(page);
        await page.screenshot({ path: `test-results/${label}-${name}.png`, fullPage: true });
      }
      if (label === 'phone') {
        await expect(page.getByTestId('side-nav')).toHaveCount(0);
        await page.getByTestId('nav-toggle').click();
        const drawer = page.getByTestId('nav-drawer');
        await expect(drawer.getByText('名录库', { exact: true })).toBeVisible();
        await expect(drawer.getByTestId('org-switcher')).toBeVisible();
        await page.screenshot({ path: `test-results/phone-menu.png` });
        await drawer.getByText('检查计划', { exact: true }).click();
        await expect(page).toHaveURL(new RegExp(`/o/${MANGSHI}/plans$`));
        await expect(drawer).toBeHidden();
      } else {
        await expect(page.getByTestId('side-nav')).toBeVisible();
      }
    });
  });
}
