// Screenshots of the main views for the README (docs/screenshots/*.png), taken over the built-in
// sample at 1280×720 in the light theme, plus the messages view in the dark theme, and the Calls
// view and a call ladder over the generator's correlated capture (calls across CTIQBE, SCCP and
// SIP). Also checks
// that nothing overflows the viewport sideways at that size.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as h from './harness.mjs';

const OUT = join(h.ROOT, 'docs', 'screenshots');
const opened = [];
after(async () => { for (const s of opened) await s.close(); });

async function analyzed(colorScheme) {
  const s = await h.open({ colorScheme, viewport: { width: 1280, height: 720 } });
  opened.push(s);
  await s.page.click('#sample-button');
  await h.waitForResults(s.page);
  return s;
}

async function noSidewaysScroll(page) {
  const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  assert.ok(scroll <= client, `page is ${scroll}px wide in a ${client}px viewport`);
}

test('screenshots of the overview, inventory, sessions, messages with detail, and ladder', async () => {
  mkdirSync(OUT, { recursive: true });
  const s = await analyzed('light');
  const p = s.page;
  if (await p.$('#findings .finding')) await p.click('#findings .finding summary >> nth=0');
  await p.mouse.move(0, 0);
  await p.screenshot({ path: join(OUT, 'overview.png'), fullPage: true });
  await noSidewaysScroll(p);
  await p.click('#tab-inventory');
  await p.waitForSelector('table.inventory');
  await p.mouse.move(0, 0);
  await p.screenshot({ path: join(OUT, 'inventory.png') });
  await noSidewaysScroll(p);
  await p.click('#tab-sessions');
  await p.mouse.move(0, 0);
  await p.screenshot({ path: join(OUT, 'sessions.png') });
  await noSidewaysScroll(p);
  await p.click('#tab-messages');
  await h.openRow(p, 4);
  await p.click('#detail [role=treeitem][data-path="login"] > .node');
  await noSidewaysScroll(p);
  await p.mouse.move(0, 0);
  await p.screenshot({ path: join(OUT, 'messages.png'), fullPage: true });
  await p.click('#tab-ladder');
  await p.waitForSelector('svg.ladder');
  await p.mouse.move(0, 0);
  await p.screenshot({ path: join(OUT, 'ladder.png') });
  await noSidewaysScroll(p);
  assert.deepEqual(s.errors, []);
});

test('screenshot of the messages view in the dark theme', async () => {
  const s = await analyzed('dark');
  const bg = await s.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(bg, 'rgb(18, 22, 28)', 'the dark theme follows the system');
  await s.page.click('#tab-messages');
  await h.openRow(s.page, 13);
  await s.page.mouse.move(0, 0);
  await s.page.screenshot({ path: join(OUT, 'messages-dark.png'), fullPage: true });
  assert.deepEqual(s.errors, []);
});

test('screenshots of the Calls view and the ladder of a transferred call', async () => {
  mkdirSync(OUT, { recursive: true });
  const path = join(h.scratch(), 'correlated.pcap');
  execFileSync(join(process.env.CARGO_TARGET_DIR || join(h.ROOT, 'target'), 'release', 'ctiscope'), ['generate', '400K', path, '--profile', 'correlated']);
  const s = await h.open({ colorScheme: 'light', viewport: { width: 1280, height: 720 } });
  opened.push(s);
  const p = s.page;
  await p.setInputFiles('#file-input', path);
  await h.waitForResults(p);
  await p.click('#tab-calls');
  await p.waitForSelector('.calls-table .vrows .vrow[data-pos="0"]:not(.loading)');
  await p.click('.calls-table .vrows .vrow[data-pos="2"] .c-calling');
  await p.mouse.move(0, 0);
  await p.screenshot({ path: join(OUT, 'calls.png') });
  await noSidewaysScroll(p);
  await p.focus('.calls-table');
  await p.keyboard.press('Enter');
  await p.waitForSelector('svg.call-ladder g.msg');
  await p.mouse.move(0, 0);
  await p.screenshot({ path: join(OUT, 'call-ladder.png'), fullPage: true });
  await noSidewaysScroll(p);
  assert.deepEqual(s.errors, []);
});

test('on a 4K screen the text and rows grow and nothing overflows', async () => {
  const s = await h.open({ viewport: { width: 3840, height: 2160 } });
  opened.push(s);
  await s.page.click('#sample-button');
  await h.waitForResults(s.page);
  await s.page.click('#tab-messages');
  const { font, row } = await s.page.evaluate(() => ({
    font: parseFloat(getComputedStyle(document.documentElement).fontSize),
    row: document.querySelector('.vrows .vrow').getBoundingClientRect().height,
  }));
  assert.ok(font >= 18, `root font ${font}px`);
  assert.ok(row >= 30, `row height ${row}px`);
  await noSidewaysScroll(s.page);
  assert.deepEqual(s.errors, []);
});
