import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { ScanResult } from '../src/core/index.js';
import { runCli } from './cli.js';

/**
 * The single-file HTML report, opened in a real headless Chromium (Debian's, installed by .ci/run):
 * it renders, asks the network for nothing, runs no script, and shows what the JSON report holds.
 */
const CHROMIUM = process.env.AISPM_CHROMIUM ?? '/usr/bin/chromium';

describe('HTML report in headless Chromium', () => {
  it('renders self-contained with every failing finding and path, secrets masked', async () => {
    expect(existsSync(CHROMIUM), `${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium), as .ci/run does`).toBe(true);
    const dir = await mkdtemp(path.join(tmpdir(), 'aispm-html-'));
    const html = path.join(dir, 'report.html');
    const json = path.join(dir, 'report.json');
    expect((await runCli(['scan', 'examples/estate', '--no-store', '-q', '-f', 'html', '-o', html])).code).toBe(0);
    expect((await runCli(['scan', 'examples/estate', '--no-store', '-q', '-f', 'json', '-o', json])).code).toBe(0);
    const report = JSON.parse(await readFile(json, 'utf8')) as ScanResult;

    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await browser.newPage();
      const outside: string[] = [];
      const errors: string[] = [];
      page.on('request', (r) => {
        if (!r.url().startsWith('file:')) outside.push(r.url());
      });
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      await page.goto(pathToFileURL(html).href);
      expect(outside).toEqual([]);
      expect(errors).toEqual([]);
      expect(await page.locator('script').count()).toBe(0);
      const headings = await page.locator('h2').allTextContents();
      expect(headings.join('|')).toMatch(/Attack paths \(\d+\)/);
      expect(headings.join('|')).toContain('AI inventory');
      const failing = report.findings.filter((f) => f.status !== 'pass');
      expect(headings.join('|')).toContain(`Findings (${failing.length})`);
      const text = await page.locator('body').innerText();
      expect(text).toContain(report.paths[0]!.title);
      expect(text).toContain('acme-research-notebook');
      expect(text).not.toMatch(/sk-(proj|ant)-[A-Za-z0-9_-]{20,}/);
      // It lays out: the body has a real size and the first table is visible.
      const box = await page.locator('table').first().boundingBox();
      expect(box && box.width > 300 && box.height > 50).toBe(true);
    } finally {
      await browser.close();
    }
  }, 120_000);
});
