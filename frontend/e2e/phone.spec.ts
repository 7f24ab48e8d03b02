import { expect, test, type Page } from '@playwright/test';
import { login } from './helpers';

/**
 * On a phone (390 px):
 * - EVERY public page and every page of an inspector is no wider than the screen, shows its
 *   lists as cards (no table at all), and no text wraps a character or two per line;
 * - every staff page is no wider than the screen (a table may scroll inside its own card), and
 *   no text wraps a character or two per line there either;
 * - the menu opens as a drawer, the language switch and user menu stay in the header.
 * A page added to the lists below is checked the same way. The same pages are photographed at
 * 1440 px and 390 px (test-results/phone-*.png, desktop-*.png).
 */
const MANGSHI = '533103';
const PHONE = { width: 390, height: 844 };

async function settle(page: Page, testId: string) {
  await expect(page.getByTestId(testId).first()).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('.ant-spin-spinning')).toHaveCount(0, { timeout: 30_000 });
}

async function noHorizontalOverflow(page: Page, name: string) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.scrollingElement?.scrollWidth ?? 0,
    clientWidth: document.scrollingElement?.clientWidth ?? 0,
  }));
  expect(scrollWidth, `${name}: the page is no wider than the screen`).toBeLessThanOrEqual(clientWidth);
}

/**
 * Texts of 6 or more characters laid out with fewer than 4 characters a line on 3 or more
 * lines (a column squeezed to a character or two of width), with the element they sit in.
 */
async function oneCharacterPerLine(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = (node.textContent ?? '').replace(/\s+/g, '');
      const chars = [...text].length;
      if (chars < 6) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const tops = new Set<number>();
      for (const rect of Array.from(range.getClientRects())) if (rect.width > 0) tops.add(Math.round(rect.top));
      if (tops.size >= 3 && chars / tops.size < 4) {
        const parent = node.parentElement;
        found.push(`${parent?.tagName.toLowerCase()}.${parent?.className}: "${text.slice(0, 30)}" on ${tops.size} lines`);
      }
    }
    return found;
  });
}

/** A staff page on a phone: fits (a table may scroll in its card), readable words. */
async function staffFits(page: Page, name: string) {
  await noHorizontalOverflow(page, name);
  expect(await oneCharacterPerLine(page), `${name}: no text one character per line`).toEqual([]);
}

/** A public or inspector page on a phone: fits, lists as cards, readable words. */
async function phoneFirst(page: Page, name: string) {
  await noHorizontalOverflow(page, name);
  await expect(page.locator('.ant-table'), `${name}: lists are cards on a phone, not tables`).toHaveCount(0);
  expect(await oneCharacterPerLine(page), `${name}: no text one character per line`).toEqual([]);
}

async function visit(page: Page, label: string, name: string, path: string, testId: string, check: (page: Page, name: string) => Promise<void>) {
  await page.goto(path);
  await settle(page, testId);
  if (label === 'phone') await check(page, name);
  await page.screenshot({ path: `test-results/${label}-${name}.png`, fullPage: true });
}

const PUBLIC_PAGES: [string, string, string][] = [
  ['portal', '/', 'public-info'],
  // the county's public page: plans (with their tasks), draws, published results
  ['public-org', `/public/${MANGSHI}`, 'public-draws'],
  ['login', '/login', 'login-card'],
];

/** The pages an inspector works in (检查实施 and the account pages). */
const INSPECTOR_PAGES: [string, string, string][] = [
  ['inspector-home', `/o/${MANGSHI}/`, 'org-title'],
  ['inspector-inspections', `/o/${MANGSHI}/inspections`, 'inspection-card'],
  ['inspector-account', '/account', 'account-page'],
  ['inspector-password', '/account/password', 'change-password'],
];

const STAFF_PAGES: [string, string, string][] = [
  ['org-home', `/o/${MANGSHI}/`, 'org-title'],
  ['registries', `/o/${MANGSHI}/registries?tab=entities`, 'registry-entities'],
  ['registries-projects', `/o/${MANGSHI}/registries?tab=projects`, 'registry-projects'],
  ['registries-inspectors', `/o/${MANGSHI}/registries?tab=inspectors`, 'registry-inspectors'],
  ['plans', `/o/${MANGSHI}/plans`, 'plans-page'],
  ['draws', `/o/${MANGSHI}/draws`, 'draws-table'],
  ['targeted', `/o/${MANGSHI}/targeted`, 'targeted-page'],
  ['inspections', `/o/${MANGSHI}/inspections`, 'inspections-page'],
  ['publication', `/o/${MANGSHI}/publication`, 'publication-page'],
  ['members', `/o/${MANGSHI}/members`, 'members-table'],
  ['audit', `/o/${MANGSHI}/audit`, 'audit-page'],
];

for (const [label, size] of [
  ['phone', PHONE],
  ['desktop', { width: 1440, height: 900 }],
] as const) {
  test.describe(`${label} (${size.width} px)`, () => {
    test.use({ viewport: size });
    // Several pages a test on a loaded machine.
    test.setTimeout(400_000);

    test('public pages and the public draw fit the screen, lists as cards', async ({ page }) => {
      for (const [name, path, testId] of PUBLIC_PAGES) await visit(page, label, name, path, testId, phoneFirst);
      // the published demo draw of 芒市: strata, witnesses, targets, teams, recusals
      await page.goto(`/public/${MANGSHI}`);
      await page.locator(`[data-testid^="public-draw-${MANGSHI}-D"]`).first().click();
      await settle(page, 'public-draw');
      await expect(page.getByTestId('draw-targets')).toBeVisible();
      if (label === 'phone') {
        await phoneFirst(page, 'public-draw');
        // the targets are cards headed by the entity's name, a readable width
        const card = page.getByTestId('draw-targets').getByTestId('rcard').first();
        await expect(card).toBeVisible();
        const box = await card.boundingBox();
        expect(box && box.width).toBeGreaterThan(300);
      } else {
        await expect(page.getByTestId('draw-targets').locator('tbody tr.ant-table-row').first()).toBeVisible();
      }
      await page.screenshot({ path: `test-results/${label}-public-draw.png`, fullPage: true });
      // a published plan's tasks, with their details opened
      await page.goto(`/public/${MANGSHI}`);
      await settle(page, 'public-plan-version');
      if (label === 'phone') {
        const more = page.getByTestId('public-plan-version').first().getByTestId('rcard-more').first();
        await more.click();
        await phoneFirst(page, 'public-plan-details');
      }
    });

    test('the inspector works on a phone: 检查实施 and the inspection record', async ({ page }) => {
      await login(page, 'mangshi.inspector');
      await expect(page).toHaveURL(/\/o\/\d{6}\/$/);
      for (const [name, path, testId] of INSPECTOR_PAGES) await visit(page, label, name, path, testId, phoneFirst);
      await page.goto(`/o/${MANGSHI}/inspections`);
      await settle(page, 'inspection-card');
      await page.getByTestId('inspection-card').first().click();
      await settle(page, 'inspection-head');
      if (label === 'phone') await phoneFirst(page, 'inspector-inspection');
      await page.screenshot({ path: `test-results/${label}-inspector-inspection.png`, fullPage: true });
      // A published one: its confirmed record (label and value pairs) and its report.
      await page.goto(`/o/${MANGSHI}/inspections`);
      await settle(page, 'inspection-card');
      await page.getByTestId('inspection-card').filter({ hasText: '已公示' }).first().click();
      await settle(page, 'record-locked');
      if (label === 'phone') await phoneFirst(page, 'inspector-confirmed-record');
      await page.screenshot({ path: `test-results/${label}-inspector-confirmed-record.png`, fullPage: true });
    });

    test('staff pages fit the screen and the menu is reachable', async ({ page }) => {
      await login(page, 'mangshi.admin');
      await expect(page).toHaveURL(/\/o\/\d{6}\/$/);
      for (const [name, path, testId] of STAFF_PAGES) {
        await visit(page, label, name, path, testId, staffFits);
        await expect(page.getByTestId('language-switch')).toBeVisible();
        await expect(page.getByTestId('user-menu')).toBeVisible();
      }
      // a draw's own page (the wizard) as staff see it
      await page.goto(`/o/${MANGSHI}/draws`);
      await settle(page, 'draws-table');
      await page.getByTestId('draws-table').locator('a[href*="/draws/"]').first().click();
      await settle(page, 'draw-wizard');
      if (label === 'phone') await staffFits(page, 'draw-wizard');
      await page.screenshot({ path: `test-results/${label}-draw-wizard.png`, fullPage: true });
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
