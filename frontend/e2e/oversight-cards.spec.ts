import { expect, test, type Page } from '@playwright/test';
import { expectWorkspace, login, logout } from './helpers';

// seed_demo lets two of 芒市's (533103) demo inspections slip past their window (one day, one
// month) and runs the daily scan: a yellow and a red card.
const MANGSHI = '533103';
const PREFECTURE = '533100';
const OPEN_RED = '[data-testid^="warning-card-"][data-level="red"][data-cleared="no"]';
const OPEN_YELLOW = '[data-testid^="warning-card-"][data-level="yellow"][data-cleared="no"]';

async function signIn(page: Page, username: string) {
  await login(page, username);
  await expectWorkspace(page);
}

test('the prefecture sees a county red card; the county answers from its workbench; the card clears and stays in the history', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await signIn(page, 'dehong.admin');
  await page.goto(`/o/${PREFECTURE}/oversight/cards`);
  const red = page.locator(OPEN_RED).filter({ hasText: '芒市' }).first();
  await expect(red).toBeVisible();
  await expect(page.locator(OPEN_YELLOW).filter({ hasText: '芒市' }).first()).toBeVisible();
  const testId = (await red.getAttribute('data-testid')) ?? '';
  const subject = testId.replace('warning-card-', '');
  expect(subject).not.toBe('');
  await expect(red).toContainText('红牌');
  await logout(page);

  await signIn(page, 'mangshi.admin');
  await page.goto(`/o/${MANGSHI}/`);
  const before = Number.parseInt(await page.getByTestId('work-count-cards').innerText(), 10);
  expect(before).toBeGreaterThanOrEqual(2);
  await page.getByTestId('work-cards').click();
  await expect(page).toHaveURL(new RegExp(`/o/${MANGSHI}/oversight/cards$`));
  await page.getByTestId(`card-respond-${subject}`).click();
  await page.getByTestId('card-response').fill('检查人员病休，已另行指派执法人员，本周内完成现场检查。');
  await page.getByRole('dialog').locator('.ant-btn-primary').click();
  const card = page.getByTestId(`warning-card-${subject}`);
  await expect(card).toHaveAttribute('data-cleared', 'yes');
  await expect(card).toContainText('反馈消除：检查人员病休');
  // Without the history only open cards show; with it the cleared card stays.
  await page.getByRole('switch').click();
  await expect(card).toHaveCount(0);
  await page.getByRole('switch').click();
  await expect(card).toHaveAttribute('data-cleared', 'yes');
  await page.goto(`/o/${MANGSHI}/`);
  await expect(page.getByTestId('work-count-cards')).toHaveText(String(before - 1));
  await logout(page);

  await signIn(page, 'dehong.admin');
  await page.goto(`/o/${PREFECTURE}/oversight/cards`);
  const cleared = page.getByTestId(`warning-card-${subject}`);
  await expect(cleared).toHaveAttribute('data-cleared', 'yes');
  await expect(cleared).toContainText('检查人员病休');
});
