// node scripts/bench-browser-verify.mjs URL RECORD_URL — opens the bench page in Debian's
// Chromium (Playwright), runs the verifier's Web Worker on the record, prints one JSON line.
import { chromium } from '@playwright/test';

const [page_url, record_url] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage();
  await page.goto(page_url);
  await page.waitForFunction(() => document.getElementById('out')?.textContent === 'ready');
  const result = await page.evaluate((url) => window.runVerify(url), record_url);
  const version = browser.version();
  process.stdout.write(JSON.stringify({ ...result, chromium: version }) + '\n');
} finally {
  await browser.close();
}
