import { expect as baseExpect, test, type Browser, type Page } from '@playwright/test';
import { login } from './helpers';

// seed_demo opens one inspection per target of each county's published draw, links
// mangshi.inspector to a drawn officer, and takes a few inspections to published results.
// Phone pages load the whole record form: allow a loaded CI machine some time.
const expect = baseExpect.configure({ timeout: 30_000 });
const MANGSHI = '533103';
const PHONE = { width: 390, height: 844 };
// A small real JPEG (a photo taken on site); its type is checked by its content on the server.
const PHOTO = Buffer.from(
  '/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAoHBwgHBgoICAgLCgoLDhgQDg0NDh0VFhEYIx8lJCIfIiEmKzcvJik0KSEiMEExNDk7Pj4+JS5ESUM8SDc9Pjv/2wBDAQoLCw4NDhwQEBw7KCIoOzs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozv/wAARCABAAGADASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEIFEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEAPwCvRRXSaTpNjc6bFNNBudt2TvYdyOxr0cZjKeEpqc02m7aHl0KEq8uWJzdFdh/YWm/8+3/j7f40f2Fpv/Pt/wCPt/jXl/2/hf5Zfcv8zs/syt3X4/5HH0V2H9hab/z7f+Pt/jR/YWm/8+3/AI+3+NH9v4X+WX3L/MP7Mrd1+P8AkcfRXYf2Fpv/AD7f+Pt/jWbrum2dnZJJbw7GMgUncTxg+p9q2oZzh61RU4p3fp/mZ1Mvq04Oba0/rsYNFFFeycAUUUUAFdhoX/IGg/4F/wChGuPrsNC/5A0H/Av/AEI14Gf/AO6x/wAS/Jnp5Z/Gfp+qNCiiivjD6AKKKKACsfxN/wAg6P8A67D+RrYrE8Vvs0uMjr5wA/Jq7cBNQxMJPZMyrUpVqbpx3Zy7yqhweT6CmfaP9n9ag60V9LPMK0pXjojqo5HhYQtNcz73a/ItpIr9Dz6U6qYJByDg1aRtyBvWvRweL9t7st0eDmmWLCNTg/df4MdXYaF/yBoP+Bf+hGuPrsNC/wCQNB/wL/0I15+f/wC6x/xL8mYZZ/Gfp+qNCiiivjD6AKKKKACua8YqxS0cKdoLgnHAJxj+R/KulrF8VJv0uMd/OGPyNdWDi5V4qO5cKsaMlOWyOMopSCDgjBpK9lpp2Z7iaaugqxB/qz9agVS7YFW1XaoUdq9PLqUnNz6I+ez7EQVFUb+83f5C1pWmu3VnbJbxxxFUzgsDnk59fes2ivWrUKdaPLUV0fI06k6bvB2Nj/hJr3/nlB/3yf8AGj/hJr3/AJ5Qf98n/Gseiub+zcJ/z7Rt9br/AMzNj/hJr3/nlB/3yf8AGj/hJr3/AJ5Qf98n/Gseij+zcJ/z7QfW6/8AMzY/4Sa9/wCeUH/fJ/xqtfaxcahAIpUiVQ275AQc4I9feqFFXDAYanJSjBJoUsTWkuWUtBrIrfeGaZ5CepqWitp0KU3eUUVSxmIpR5YTaXqIqqowoxS0UVqkoqyOeUpTfNJ3Z//Z',
  'base64',
);
const GPS = { latitude: 24.4336, longitude: 98.5853 };

async function phonePage(browser: Browser, username: string): Promise<Page> {
  const context = await browser.newContext({
    viewport: PHONE,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    geolocation: GPS,
    permissions: ['geolocation'],
  });
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

/** The inspector takes a photo with the phone's camera (the capture input) and notes its source. */
async function addPhoto(page: Page, name = 'IMG_0001.jpg'): Promise<void> {
  const section = page.getByTestId('record-evidence');
  await section.scrollIntoViewIfNeeded();
  await expect(section.getByTestId('evidence-file-photo')).toHaveAttribute('capture', 'environment');
  await section.getByTestId('evidence-file-photo').setInputFiles({ name, mimeType: 'image/jpeg', buffer: PHOTO });
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
    // with a photo taken on site: stored with its SHA-256, time, source and position
    await addPhoto(page);
    const photo = page.getByTestId('record-evidence').getByTestId('evidence-item');
    await expect(photo).toHaveCount(1);
    await expect(photo).toContainText('来源：检查人员现场拍摄');
    await expect(photo).toContainText('SHA-256');
    await expect(photo).toContainText(`定位：${GPS.latitude.toFixed(5)}`);
    await expect(photo.locator('img')).toBeVisible();
    // the same photo sent again is kept once
    await addPhoto(page, 'IMG_0001-again.jpg');
    await expect(page.getByTestId('evidence-queued')).toHaveCount(0);
    await expect(photo).toHaveCount(1);
    await sign(page);
    await page.getByTestId('record-save').click();
    await expect(page.getByTestId('record-draft-state')).toContainText('草稿已提交到服务器');
    await page.screenshot({ path: 'test-results/inspection-evidence-phone.png', fullPage: true });
    await page.getByTestId('record-confirm').click();
    await page.getByRole('button', { name: /确\s*定/ }).click();

    // then the record is locked with the signature
    await expect(page.getByTestId('record-locked')).toContainText('已由当事人确认并锁定');
    await expect(page.getByTestId('record-view').locator('img[alt="signature"]')).toBeVisible();
    await expect(page.getByTestId('record-view').getByTestId('evidence-item')).toHaveCount(1);
    // the file is served to the team (signed in), never to an anonymous visitor
    const href = await page.getByTestId('record-view').getByTestId('evidence-item').locator('a').first().getAttribute('href');
    expect(href).toMatch(/^\/o\/533103\/evidence\/\d+$/);
    expect((await page.request.get(href ?? '')).status()).toBe(200);
    const anonymous = await browser.newContext();
    expect((await anonymous.request.get(`${test.info().project.use.baseURL ?? ''}${href}`)).status()).toBe(401);
    await anonymous.close();

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
    // a photo taken offline waits on the device
    await addPhoto(page, 'offline.jpg');
    await expect(page.getByTestId('evidence-queued')).toContainText('待上传（离线）');

    // back online: the draft is sent by itself
    await page.context().setOffline(false);
    await expect(page.getByTestId('record-draft-state')).toContainText('草稿已提交到服务器');
    // and the photo after it, once
    await expect(page.getByTestId('record-evidence').getByTestId('evidence-item')).toHaveCount(1);
    await expect(page.getByTestId('evidence-queued')).toHaveCount(0);
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
        body: JSON.stringify({
          query: 'query($id:ID!){ inspection(id:$id){ records { place status evidence { source } } } }',
          variables: { id },
        }),
      });
      return (await response.json()).data.inspection.records;
    }, inspectionId);
    expect(records).toEqual([{ place: '二楼会议室', status: 'DRAFT', evidence: [{ source: '检查人员现场拍摄' }] }]);

    // a reload keeps the draft
    await page.reload();
    await expect(page.getByTestId('record-form')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('record-place')).toHaveValue('二楼会议室');
  });

  test('the findings are followed up on the referrals page, on a phone and on a desktop', async ({ browser }) => {
    test.setTimeout(90_000);
    // seed_demo confirms a record with a finding corrected on the spot: it awaits its re-check
    const page = await phonePage(browser, 'mangshi.staff');
    await page.goto(`/o/${MANGSHI}/referrals`);
    const card = page.getByTestId('referral-card').first();
    await expect(card).toBeVisible();
    await expect(card.getByTestId('referral-status')).toHaveText('已责令改正，待复查');
    await expect(card.getByTestId('referral-waiting')).toContainText('个工作日');
    await page.screenshot({ path: 'test-results/referrals-phone.png', fullPage: true });
    const desktop = await (await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })).newPage();
    await login(desktop, 'mangshi.staff');
    await expect(desktop).toHaveURL(/\/o\/\d{6}\//);
    await desktop.goto(`/o/${MANGSHI}/referrals`);
    await expect(desktop.getByTestId('referral-card').first()).toBeVisible();
    await desktop.screenshot({ path: 'test-results/referrals-desktop.png', fullPage: true });

    // the re-check: a result is required, then the finding is closed
    await card.getByTestId('referral-act-recheck').click();
    const modal = page.getByTestId('referral-modal');
    await modal.getByRole('button', { name: /确\s*定/ }).click();
    await expect(modal.getByTestId('referral-errors')).toContainText('请选择复查结果');
    await modal.getByText('未改正', { exact: true }).click();
    await modal.locator('textarea').fill('安全生产许可证仍未补办');
    await modal.getByRole('button', { name: /确\s*定/ }).click();
    await expect(modal).toBeHidden();

    // not corrected: the 立案处罚决定 is recorded (the number is required), then it is closed
    await expect(card.getByTestId('referral-status')).toHaveText(/未改正/);
    await card.getByTestId('referral-act-penalty').click();
    const penalty = page.getByTestId('referral-modal');
    await penalty.getByTestId('penalty-text').fill('罚款人民币二万元');
    await penalty.getByRole('button', { name: /确\s*定/ }).click();
    await expect(penalty.getByTestId('referral-errors')).toContainText('处罚决定书文号');
    await penalty.getByTestId('penalty-number').fill('芒住建罚字〔2026〕12号');
    const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
    await penalty.getByTestId('penalty-on').click();
    await penalty.getByTestId('penalty-on').fill(today);
    await penalty.getByTestId('penalty-on').press('Enter');
    await page.screenshot({ path: 'test-results/referrals-penalty-phone.png', fullPage: true });
    await penalty.getByRole('button', { name: /确\s*定/ }).click();
    await expect(penalty).toBeHidden();
    await expect(card.getByTestId('referral-penalty')).toContainText('芒住建罚字〔2026〕12号');
    await expect(card.getByTestId('referral-act-penalty')).toHaveCount(0);
    await page.screenshot({ path: 'test-results/referrals-penalty-done-phone.png', fullPage: true });
    await card.getByTestId('referral-act-close').click();
    const closing = page.getByTestId('referral-modal');
    await closing.locator('textarea').fill('已作出行政处罚，罚款已缴纳');
    await closing.getByRole('button', { name: /确\s*定/ }).click();
    await expect(closing).toBeHidden();
    await page.getByRole('checkbox', { name: '只看未办结' }).uncheck();
    await expect(page.getByTestId('referral-card').filter({ hasText: '已办结' }).first()).toBeVisible();
  });
});
