import { createHmac } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { expectWorkspace, login, logout } from './helpers';

/** RFC 6238 TOTP (SHA-1, 30 s, 6 digits) of a base32 secret, as an authenticator app computes it. */
function totp(secret: string, at = Date.now()): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const ch of secret.replace(/=+$/, '').toUpperCase()) bits += alphabet.indexOf(ch).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g)!.map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
  const hmac = createHmac('sha1', key).update(counter).digest();
  const offset = hmac[hmac.length - 1] & 0xf;
  const code = (hmac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(code).padStart(6, '0');
}

/** A GraphQL call from the signed-in page (same origin, session cookie and CSRF header). */
async function gqlFromPage(page: Page, path: string, query: string, variables: Record<string, unknown>) {
  return page.evaluate(
    async ({ path, query, variables }) => {
      const token = document.cookie.split('; ').find((c) => c.startsWith('csrftoken='))?.split('=')[1] ?? '';
      const response = await fetch(path, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-CSRFToken': token },
        body: JSON.stringify({ query, variables }),
      });
      return response.json();
    },
    { path, query, variables },
  );
}

test.describe('accounts (等保 level 3)', () => {
  test('an account an admin created changes its password, then enrols a second factor', async ({ page }) => {
    const username = `mangshi.e2e${Date.now() % 100000}`;
    await login(page, 'mangshi.admin');
    await expectWorkspace(page);
    const added = await gqlFromPage(
      page,
      '/o/533103/graphql/',
      'mutation($u:String!){ addMember(username:$u, displayName:"新管理员", password:"Chushi-Mima-2026", role: COUNTY_ADMIN) { errors { message } } }',
      { u: username },
    );
    expect(added.data.addMember.errors).toEqual([]);
    await logout(page);

    await login(page, username, 'Chushi-Mima-2026');
    await expect(page.getByTestId('login-step-title')).toHaveText('请修改密码');
    await page.getByTestId('new-password').fill('Chushi-Mima-2026');
    await page.getByTestId('confirm-password').fill('Chushi-Mima-2026');
    await page.getByTestId('login-step-submit').click();
    await expect(page.getByTestId('login-error')).toContainText('最近 5 次');
    await page.getByTestId('new-password').fill('Xin-Mima-2026!');
    await page.getByTestId('confirm-password').fill('Xin-Mima-2026!');
    await page.getByTestId('login-step-submit').click();

    await expect(page.getByTestId('login-step-title')).toHaveText('绑定身份验证器');
    await expect(page.getByTestId('otp-qr')).toBeVisible();
    const secret = (await page.getByTestId('otp-secret').innerText()).trim();
    await page.screenshot({ path: 'test-results/accounts-enrol.png', fullPage: true });
    await page.getByTestId('otp-code').fill(totp(secret));
    await page.getByTestId('login-step-submit').click();
    await expect(page.getByTestId('recovery-codes')).toBeVisible();
    await page.getByRole('button', { name: '已保存，继续' }).click();
    await expectWorkspace(page);

    // 我的账号 shows the second factor and the sign-in.
    await page.getByTestId('user-menu').click();
    await page.getByText('我的账号').click();
    await expect(page.getByTestId('account-page')).toHaveText('我的账号');
    await expect(page.getByTestId('account-2fa')).toContainText('已绑定身份验证器');
    await expect(page.getByTestId('recent-sign-ins')).toContainText('成功');
  });

  test('a county admin sees masked ID numbers and reveals one with 查看', async ({ page }) => {
    await login(page, 'mangshi.admin');
    await expectWorkspace(page);
    await page.goto('/o/533103/registries?tab=inspectors');
    const table = page.getByTestId('registry-inspectors');
    // The list shows ID numbers masked, even to the county admin.
    await expect(table).toContainText(/5331\*{10}\d{3}[\dX]/, { timeout: 30_000 });
    await table.getByTestId('registry-open').first().click();
    const drawer = page.getByTestId('record-detail');
    const value = drawer.getByTestId('personal-ID_NUMBER');
    await expect(value).toContainText('*');
    await drawer.getByTestId('reveal-ID_NUMBER').click();
    await expect(value).toHaveText(/^\d{17}[\dX]$/);
  });

  test('人员管理: an admin sees a locked account, its failures, and unlocks it (audited)', async ({ page }) => {
    test.setTimeout(180_000);
    // given five wrong passwords for mangshi.partner (waiting out the progressive delays)
    await page.goto('/login');
    await expect(page.getByLabel('用户名')).toBeVisible();
    const wrong = 'mutation($u: String!) { login(username: $u, password: "wrong-password-1") { errors { code } } }';
    for (let failures = 0, tries = 0; failures < 5 && tries < 40; tries += 1) {
      const result = await gqlFromPage(page, '/graphql/', wrong, { u: 'mangshi.partner' });
      const errorCode = result.data?.login?.errors?.[0]?.code;
      if (errorCode === 'invalid_credentials') failures += 1;
      else if (errorCode === 'throttled') await page.waitForTimeout(1_100);
      else throw new Error(`unexpected answer ${JSON.stringify(result)}`);
    }
    // the admin sees the lock and the count
    await login(page, 'mangshi.admin');
    await expectWorkspace(page);
    await page.getByTestId('side-nav').getByText('人员管理', { exact: true }).click();
    await expect(page).toHaveURL(/\/o\/533103\/members$/);
    const row = page.getByTestId('member-mangshi.partner');
    await expect(row.getByTestId('member-locked')).toHaveText('已锁定', { timeout: 30_000 });
    await expect(row.getByTestId('member-failures')).toHaveText('5 次');
    await expect(page.getByTestId('member-mangshi.admin').getByTestId('member-unlock')).toHaveCount(0);
    await page.screenshot({ path: 'test-results/desktop-members-locked.png', fullPage: true });
    // when it unlocks the account
    await row.getByTestId('member-unlock').click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '解除锁定' }).click();
    // then the lock is gone, and the audit trail names it
    await expect(row.getByTestId('member-not-locked')).toBeVisible();
    await expect(row.getByTestId('member-failures')).toHaveText('0 次');
    await page.goto('/o/533103/audit');
    const record = page.getByTestId('audit-page').locator('tbody tr.ant-table-row').first();
    await expect(record).toContainText('解除账号登录限制', { timeout: 30_000 });
    await expect(record).toContainText('mangshi.admin');
  });

  test('staff do not see 人员管理', async ({ page }) => {
    await login(page, 'mangshi.staff');
    await expectWorkspace(page);
    await expect(page.getByTestId('side-nav').getByText('审计日志', { exact: true })).toHaveCount(0);
    await expect(page.getByTestId('side-nav').getByText('人员管理', { exact: true })).toHaveCount(0);
    await page.goto('/o/533103/members');
    await expect(page.getByTestId('members-denied')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('members-table')).toHaveCount(0);
  });

  test('inspectors see neither 新建抽取 nor 审计日志', async ({ page }) => {
    await login(page, 'mangshi.inspector');
    await expectWorkspace(page);
    await expect(page.getByTestId('side-nav').getByText('审计日志', { exact: true })).toHaveCount(0);
    await page.goto('/o/533103/draws');
    await expect(page.getByTestId('draws-status-filter')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('draw-new')).toHaveCount(0);
  });
});
