import { expect as baseExpect, test, type Browser, type Page } from '@playwright/test';
import { login } from './helpers';

// seed_demo opens one inspection per target of each county's published draw, links
// mangshi.inspector to a drawn officer, and takes a few inspections to published results.
// Phone pages load the whole record form: allow a loaded CI machine some time.
const expect = baseExpect.configure({ timeout: 30_000 });
const MANGSHI = '533103';
const PHONE = { width: 390, height: 844 };

async function phonePage(browser: Browser, username: string): Promise<Page> {
  const context = await browser.newContext({ viewport: PHONE, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  await login(page, username);
  await expect(page).toHaveURL(/\/o\/\d{6}\//);
  return page;
}

/** Opens the first of the inspector's inspections still to inspect; returns its name and code. */
async function openFirstOpenInspection(page: Page): Promise<{ name: string; code: string }> {
  await page.goto(`/o/${MANGSHI}/inspections`);
  await expect(page.getByTestId('inspections-page')).toBeVisible();
  const card = page.getByTestId('inspection-card').filter({ hasText: '待检查' }).first();
  await expect(card).toBeVisible();
  const name = (await card.locator('.ant-card-head-title .ant-typography').first().textContent())?.trim() ?? '';
  const code = (await card.locator('.ant-card-head-title .ant-typography').nth(1).textContent())?.trim() ?? '';
  await card.click();
  await expect(page.getByTestId('record-form')).toBeVisible();
  await expect(page.getByTestId('inspection-head')).toContainText(name);
  return { name, code };
}

async function fillRecord(page: Page): Promise<void> {
  for (const point of await page.getByTestId('checklist-point').all()) {
    await point.getByText('符合', { exact: true }).click();
  }
  for (const notice of await page.getByTestId('record-notices').locator('.ant-checkbox-wrapper').all()) {
    await notice.locator('input[type="checkbox"]').check();
  }
  await page.getByTestId('record-ended-now').click();
  await page.getByTestId('record-party-present').fill('企业负责人');
}

async function sign(page: Page): Promise<void> {
  const canvas = page.getByTestId('signature-canvas');
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  if (!box) throw new Error('no signature canvas');
  await page.mouse.move(box.x + 30, box.y + 100);
  await page.mouse.down();
  for (let i = 1; i <= 12; i += 1) {
    await page.mouse.move(box.x + 30 + i * 20, box.y + 100 + (i % 2 ? -40 : 30), { steps: 3 });
  }
  await page.mouse.up();
}

test.describe('inspections on a phone', () => {
  test('the inspector records, the party signs, the reviewer approves, the portal shows the result', async ({ browser }) => {
    test.setTimeout(180_000);
    // given the inspector on a phone
    const page = await phonePage(browser, 'mangshi.inspector');
    const { name, code } = await openFirstOpenInspection(page);
    const card = page.getByTestId('inspection-head');
    await expect(card).toBeInViewport();

    // when they fill the record and the party signs on the screen
    await fillRecord(page);
    await sign(page);
    await page.getByTestId('record-save').click();
    await expect(page.getByTestId('record-draft-state')).toContainText('草稿已提交到服务器');
    await page.getByTestId('record-confirm').click();
    await page.getByRole('button', { name: /确\s*定/ }).click();

    // then the record is locked with the signature
    await expect(page.getByTestId('record-locked')).toContainText('已由当事人确认并锁定');
    await expect(page.getByTestId('record-view').locator('img[alt="signature"]')).toBeVisible();

    // the report, assembled from the record, goes to review
    const report = page.getByTestId('report-section');
    await expect(report.getByTestId('report-results').getByRole('checkbox', { name: '未发现问题' })).toBeChecked();
    await expect(report.locator('textarea').first()).not.toHaveValue('');
    await page.getByTestId('report-submit').click();
    await expect(report.getByTestId('report-status')).toHaveText('待审核');
    await page.screenshot({ path: 'test-results/inspection-phone.png', fullPage: true });

    // the reviewer approves on their phone
    const reviewer = await phonePage(browser, 'mangshi.admin');
    await reviewer.goto(`/o/${MANGSHI}/publication`);
    const queued = reviewer.getByTestId('report-card').filter({ hasText: name });
    await expect(queued).toBeVisible();
    await queued.getByTestId('report-approve').click();
    await expect(queued).toBeHidden();
    await reviewer.getByTestId('publication-tabs').getByText('已审核').click();
    const done = reviewer.getByTestId('report-card').filter({ hasText: name }).first();
    await expect(done.getByTestId('report-status')).toHaveText('已公示');
    // 20 working days from approval; a due date in a year without a loaded schedule is flagged
    await expect(done.getByTestId('publication-clock')).toContainText(/公示截止|节假日安排未录入/);

    // and anyone finds the notice on the portal by the USCC, without the officers
    const visitor = await (await browser.newContext({ viewport: PHONE, locale: 'zh-CN' })).newPage();
    await visitor.goto(`/public/${MANGSHI}`);
    await visitor.getByTestId('public-results-search').locator('input').fill(code);
    await visitor.getByTestId('public-results-search').locator('input').press('Enter');
    const result = visitor.getByTestId('public-result').filter({ hasText: code });
    await expect(result).toHaveCount(1);
    await expect(result).toContainText(name);
    await expect(result).toContainText('未发现问题');
    await expect(result).toContainText('芒市住房和城乡建设局');
  });

  test('a draft made offline is kept on the device and sent once when the network is back', async ({ browser }) => {
    test.setTimeout(120_000);
    const page = await phonePage(browser, 'mangshi.inspector');
    await openFirstOpenInspection(page);
    const inspectionId = decodeURIComponent(page.url().split('/').pop() ?? '');

    // the connection drops mid-record
    await page.context().setOffline(true);
    await expect(page.getByTestId('record-offline')).toBeVisible();
    await fillRecord(page);
    await page.getByTestId('record-place').fill('二楼会议室');
    await page.getByTestId('record-save').click();
    await expect(page.getByTestId('record-draft-state')).toContainText('联网后自动提交');

    // back online: the draft is sent by itself
    await page.context().setOffline(false);
    await expect(page.getByTestId('record-draft-state')).toContainText('草稿已提交到服务器');
    // sent again by hand: nothing is duplicated
    await page.getByTestId('record-save').click();
    await expect(page.getByTestId('record-draft-state')).toContainText('草稿已提交到服务器');

    const records = await page.evaluate(async (id) => {
      const response = await fetch('/o/533103/graphql/', {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'X-CSRFToken': /csrftoken=([^;]+)/.exec(document.cookie)?.[1] ?? '',
        },
        body: JSON.stringify({ query: 'query($id:ID!){ inspection(id:$id){ records { place status } } }', variables: { id } }),
      });
      return (await response.json()).data.inspection.records;
    }, inspectionId);
    expect(records).toEqual([{ place: '二楼会议室', status: 'DRAFT' }]);

    // a reload keeps the draft
    await page.reload();
    await expect(page.getByTestId('record-form')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('record-place')).toHaveValue('二楼会议室');
  });
});
