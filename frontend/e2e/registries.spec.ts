import { expect, test, type Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { expectWorkspace, login } from './helpers';

// GB 32100 check character of a unified social credit code.
const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

function usccCheck(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += USCC_ALPHABET.indexOf(first17[i]!) * USCC_WEIGHTS[i]!;
  return USCC_ALPHABET[(31 - (sum % 31)) % 31]!;
}

/** A valid code of a company registered in 芒市 (533103), different on every run. */
function randomUscc(): string {
  let body = '';
  for (let i = 0; i < 9; i += 1) body += USCC_ALPHABET[Math.floor(Math.random() * 10)];
  const first17 = `91533103${body}`;
  return first17 + usccCheck(first17);
}

function withWrongCheck(uscc: string): string {
  const right = uscc[17]!;
  const wrong = USCC_ALPHABET[(USCC_ALPHABET.indexOf(right) + 1) % USCC_ALPHABET.length]!;
  return uscc.slice(0, 17) + wrong;
}

const HEADERS = ['名称', '统一社会信用代码', '住所', '法定代表人', '联系人', '联系电话', '主体类型', '企业性质', '所属乡镇（街道）', '信用等级', '状态'];

async function entitiesWorkbook(rows: { name: string; uscc: string }[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('市场主体名录库');
  sheet.addRow(HEADERS);
  for (const row of rows) {
    sheet.addRow([row.name, row.uscc, '芒市勐焕街道团结大街1号', '张伟', '李娜', '13888885678', '建筑施工企业', '私营企业', '勐焕街道', 'B', '存续']);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Uploads a workbook: the wizard validates it at once (a dry run, nothing written) and shows its report. */
async function uploadAndValidate(page: Page, name: string, buffer: Buffer) {
  const wizard = page.getByTestId('import-wizard');
  await wizard.locator('input[type=file]').setInputFiles({
    name,
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer,
  });
  await expect(wizard.getByText(`已上传：${name}`)).toBeVisible();
  // the validation job reports its progress until it ends
  await expect(wizard.getByTestId('job-progress').or(wizard.getByText(/校验通过|校验未通过/)).first()).toBeVisible();
}

test.describe('名录库', () => {
  test('imports market entities: located errors first, then the corrected file, then finds the new row', async ({ page }) => {
    test.setTimeout(180_000);
    const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;
    const good = { name: `芒市测试建筑有限公司${run}`, uscc: randomUscc() };
    const second = { name: `芒市测试劳务有限公司${run}`, uscc: randomUscc() };
    const bad = { ...second, uscc: withWrongCheck(second.uscc) };

    await login(page, 'mangshi.admin');
    await expectWorkspace(page);
    await page.goto('/o/533103/registries');
    await expect(page.getByRole('heading', { name: '名录库' })).toBeVisible();
    await page.getByRole('tab', { name: '市场主体' }).click();
    await expect(page.getByTestId('registry-total')).toContainText(/共 \d+ 条/);

    // the wizard: kind (市场主体 preselected from the tab) → template → upload
    await page.getByTestId('registry-import').click();
    const wizard = page.getByTestId('import-wizard');
    await expect(wizard.getByRole('radio', { name: '市场主体名录库' })).toBeChecked();
    await page.getByRole('button', { name: '下一步' }).click();
    const template = wizard.getByTestId('import-template');
    await expect(template).toHaveAttribute('href', '/o/533103/registries/templates/entities.xlsx');
    const templateResponse = await page.request.get('/o/533103/registries/templates/entities.xlsx');
    expect(templateResponse.ok()).toBeTruthy();
    await page.getByRole('button', { name: '下一步' }).click();

    // 1. one valid row and one with a wrong check character: the validation report locates the error
    await uploadAndValidate(page, `entities-bad-${run}.xlsx`, await entitiesWorkbook([good, bad]));
    await expect(wizard.getByText(/校验未通过：共 1 处错误，未写入任何数据/)).toBeVisible({ timeout: 30_000 });
    const report = wizard.getByTestId('import-report');
    const errorRow = report.locator('tbody tr').filter({ hasText: '统一社会信用代码' });
    await expect(errorRow).toHaveCount(1);
    await expect(errorRow.locator('td').nth(1)).toHaveText('3');
    await expect(errorRow.locator('td').nth(2)).toContainText('统一社会信用代码');
    await expect(wizard.getByTestId('import-report-link')).toHaveAttribute('href', /\/o\/533103\/registries\/import-reports\/.+\.xlsx$/);
    await expect(page.getByTestId('import-confirm')).toHaveCount(0);
    await page.screenshot({ path: 'test-results/registries-import-errors.png', fullPage: true });

    // 2. the corrected file passes validation, nothing written yet; 确认导入 writes it
    await page.getByTestId('import-retry').click();
    await uploadAndValidate(page, `entities-good-${run}.xlsx`, await entitiesWorkbook([good, second]));
    await expect(wizard.getByText('校验通过：2 行可以导入')).toBeVisible({ timeout: 30_000 });
    await page.getByTestId('import-confirm').click(); // in the modal's footer
    await expect(wizard.getByTestId('job-progress').or(wizard.getByText(/导入完成/)).first()).toBeVisible();
    await expect(wizard.getByText(/导入完成：写入 2 行（新增 2 条，更新 0 条）/)).toBeVisible({ timeout: 30_000 });
    await page.getByTestId('import-close').click();
    await expect(wizard).toHaveCount(0);

    // 3. the new entity is in the list
    const search = page.getByTestId('registry-search').getByRole('searchbox');
    await search.fill(good.name);
    await search.press('Enter');
    const table = page.getByTestId('registry-entities');
    await expect(table.getByText(good.name)).toBeVisible();
    await expect(table.getByText(good.uscc)).toBeVisible();
    await expect(page.getByTestId('registry-total')).toHaveText('共 1 条');
    await expect(page.getByTestId('registry-export')).toHaveAttribute(
      'href',
      `/o/533103/registries/export/entities.xlsx?search=${encodeURIComponent(good.name)}`,
    );

    // its detail shows the import in its history
    await table.getByText(good.name).click();
    const drawer = page.getByTestId('record-detail');
    await expect(drawer.getByText(good.uscc)).toBeVisible();
    await expect(drawer.getByTestId('record-history')).toBeVisible();
  });

  test('the prefecture sees a county registry read-only: no import or new buttons', async ({ page }) => {
    await login(page, 'dehong.admin');
    await expectWorkspace(page);
    await page.goto('/o/533103/registries?tab=inspectors');
    await expect(page.getByTestId('registry-total')).toContainText(/共 \d+ 条/);
    await expect(page.getByTestId('registry-export')).toBeVisible();
    await expect(page.getByTestId('registry-import')).toHaveCount(0);
    await expect(page.getByTestId('registry-new')).toHaveCount(0);
  });
});
