import { expect, test, type Page } from '@playwright/test';
import { expectWorkspace, login, logout } from './helpers';

// seed_demo gives 芒市 (533103) a result approved 45 days ago and published only then: late.
const MANGSHI = '533103';
const PREFECTURE = '533100';

async function signIn(page: Page, username: string) {
  await login(page, username);
  await expectWorkspace(page);
}

async function figure(page: Page, testId: string): Promise<number> {
  const text = (await page.getByTestId(testId).first().innerText()).trim();
  return Number.parseInt(text, 10);
}

/** The number in a statistic (its title has no digits). */
async function digits(page: Page, testId: string): Promise<number> {
  return Number.parseInt((await page.getByTestId(testId).innerText()).replace(/\D+/g, ''), 10);
}

test.describe('oversight', () => {
  test('prefecture sees late publications, issues an order, the county answers from its workbench, the prefecture accepts; figures follow', async ({
    page,
  }) => {
    test.setTimeout(180_000);
    const year = new Date().getFullYear();

    // Public rates before.
    await page.goto(`/public/${MANGSHI}`);
    await expect(page.getByTestId('public-rates')).toBeVisible();
    const publicLate = await digits(page, 'public-late');
    expect(publicLate).toBeGreaterThanOrEqual(1);
    const publicPublished = await digits(page, 'public-published');

    // The prefecture's dashboard: 芒市's late publications.
    await signIn(page, 'dehong.admin');
    await page.goto(`/o/${PREFECTURE}/oversight`);
    await expect(page.getByTestId('oversight-table')).toBeVisible();
    await expect(page.getByTestId(`late-${MANGSHI}`)).not.toHaveText('0');
    const lateBefore = await figure(page, `late-${MANGSHI}`);
    const onTimeBefore = await figure(page, `ontime-${MANGSHI}`);
    await page.getByTestId('metric-head-on_time_rate').first().hover();
    await expect(page.getByText(/计算方法：按时公示 ÷/)).toBeVisible();
    await page.screenshot({ path: 'test-results/oversight-dashboard-1440.png', fullPage: true });

    // Issue an order: the basis is required.
    await page.getByTestId(`issue-${MANGSHI}`).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toBeVisible();
    await expect(dialog).not.toHaveClass(/ant-zoom-enter/);
    await page.locator('#issue-submit').click();
    await expect(dialog.getByText('请填写整改依据（法规条款）。').first()).toBeVisible();
    await page.getByTestId('issue-basis').fill('《企业信息公示暂行条例》第六条');
    await page.locator('#issue-submit').click();
    await expect(page.getByTestId('order-page')).toBeVisible();
    await expect(page.getByTestId('order-status')).toHaveText('待整改');
    const reference = (await page.getByRole('heading', { level: 4 }).innerText()).match(/DC\d{4}-\d{6}-\d{3}/)?.[0];
    expect(reference).toBeTruthy();
    await logout(page);

    // The county: its workbench shows the order to answer.
    await signIn(page, 'mangshi.admin');
    await page.goto(`/o/${MANGSHI}/`);
    await expect(page.getByTestId('work-count-orders_answer')).toHaveText('1');
    await page.screenshot({ path: 'test-results/oversight-workbench-1440.png', fullPage: true });
    // The order arrived as a notification: unread in the header bell and the workbench, until marked read.
    await expect(page.getByTestId('notification-bell')).toHaveAttribute('aria-label', /\d+条未读通知/);
    await expect(page.getByTestId('workbench-unread')).toBeVisible();
    await page.getByTestId('notes-read-all').click();
    await expect(page.getByTestId('notes-read-all')).toHaveCount(0);
    await expect(page.getByTestId('notification-bell')).toHaveAttribute('aria-label', '通知');
    // It publishes the result waiting for review, then answers the order.
    await page.goto(`/o/${MANGSHI}/publication`);
    await page.getByTestId('report-approve').first().click();
    await expect(page.getByTestId('report-approve')).toHaveCount(0);
    await page.goto(`/o/${MANGSHI}/`);
    await page.getByTestId('work-orders_answer').click();
    await page.getByTestId(`order-${reference}`).click();
    await page.getByTestId('respond-text').fill('已补充公示，并对公示流程安排专人每周核对。');
    await page.getByTestId('respond-evidence').fill('公示截图.png\n芒住建〔2026〕12号');
    await page.getByTestId('respond-submit').click();
    await expect(page.getByTestId('order-status')).toHaveText('已反馈待审核');
    await logout(page);

    // The prefecture accepts; the history shows every step.
    await signIn(page, 'dehong.admin');
    await page.goto(`/o/${PREFECTURE}/oversight/orders`);
    await page.getByTestId(`order-${reference}`).click();
    await page.getByTestId('review-accept').click();
    await expect(page.getByTestId('order-status')).toHaveText('已验收');
    for (const step of ['签发整改通知', '反馈整改情况', '验收通过']) await expect(page.getByText(step).first()).toBeVisible();

    // The dashboard follows: one more result published on time, the late ones stay late.
    await page.goto(`/o/${PREFECTURE}/oversight`);
    await expect(page.getByTestId(`ontime-${MANGSHI}`)).toHaveText(String(onTimeBefore + 1));
    await expect(page.getByTestId(`late-${MANGSHI}`)).toHaveText(String(lateBefore));
    await expect(page.getByTestId('oversight-year')).toContainText(`${year}年度`);
    await logout(page);

    // Public rates follow: more results published.
    await page.goto(`/public/${MANGSHI}`);
    await expect(page.getByTestId('public-rates')).toBeVisible();
    await expect.poll(() => digits(page, 'public-published')).toBe(publicPublished + 1);
    expect(await digits(page, 'public-late')).toBe(publicLate);
    await page.screenshot({ path: 'test-results/oversight-public-1440.png', fullPage: true });
  });
});
