import { createHash } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';

// seed_demo publishes one draw per county. An anonymous visitor opens it, verifies the record in
// the browser (Web Worker) and downloads the single-file verifier whose SHA-256 the page shows.
const MANGSHI = '533103';

async function openDemoDraw(page: Page): Promise<string> {
  await page.goto(`/public/${MANGSHI}`);
  const link = page.getByTestId('public-draws').locator('a[data-testid^="public-draw-"]').first();
  await expect(link).toBeVisible({ timeout: 30_000 }); // a loaded machine takes its time with the app bundle
  const reference = ((await link.getAttribute('data-testid')) ?? '').replace('public-draw-', '');
  await link.click();
  await expect(page.getByTestId('public-draw-reference')).toHaveText(reference, { timeout: 30_000 });
  return reference;
}

test.describe('verify a draw in the browser', () => {
  test('the demo draw passes, and verify-draw.py downloads with the SHA-256 shown', async ({ page }) => {
    test.setTimeout(120_000);
    const reference = await openDemoDraw(page);
    const box = page.getByTestId('verify-in-browser');
    await expect(box).toContainText(`python3 verify-draw.py ${reference}.json`);

    await page.getByTestId('verify-run').click();
    await expect(page.getByTestId('verify-pass')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('verify-pass')).toContainText('通过（PASS）');
    await expect(page.getByTestId('verify-pass')).toContainText('suiji-draw/');

    const shown = (await page.getByTestId('verify-script-sha256').textContent())?.trim() ?? '';
    expect(shown).toMatch(/^[0-9a-f]{64}$/);
    const downloading = page.waitForEvent('download');
    await page.getByTestId('verify-script-download').click();
    const file = await downloading;
    expect(file.suggestedFilename()).toBe('verify-draw.py');
    const stream = await file.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    expect(body.toString('utf-8')).toContain('#!/usr/bin/env python3');
    expect(createHash('sha256').update(body).digest('hex')).toBe(shown);
  });

  test('a record changed on the way is reported at its first difference', async ({ page, context }) => {
    test.setTimeout(120_000);
    // The worker's download of record.json is answered with a changed copy.
    await context.route('**/record.json', async (route) => {
      const response = await route.fetch();
      const record = (await response.json()) as { seed: string };
      record.seed = record.seed.replace(/^./, (c) => (c === '0' ? '1' : '0'));
      await route.fulfill({ response, body: JSON.stringify(record) });
    });
    await openDemoDraw(page);
    await page.getByTestId('verify-run').click();
    await expect(page.getByTestId('verify-fail')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('verify-fail-path')).toHaveText('第一处不同：seed');
    await expect(page.getByTestId('verify-fail')).toContainText('记录中写的是：');
  });
});
