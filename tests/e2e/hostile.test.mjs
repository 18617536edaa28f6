// A capture is attacker-controlled: the hostile capture (made by `ctiscope sample --hostile`)
// carries HTML/script payloads in every string the decoders surface, and its file name is one
// too. Nothing may execute: no dialog, no injected element, no request; the payloads show as
// text; the page keeps working.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import * as h from './harness.mjs';

let s;
before(async () => { s = await h.open(); });
after(async () => { await s.close(); });

async function injected(page) {
  return page.evaluate(() => ({
    scripts: [...document.scripts].filter((x) => !x.src).length + document.querySelectorAll('body script').length,
    images: document.querySelectorAll('img').length,
    iframes: document.querySelectorAll('iframe, object, embed').length,
    handlers: [...document.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => a.name.startsWith('on'))).length,
  }));
}

test('HTML in every decoded string and in the file name stays text', async () => {
  const dir = h.scratch();
  const name = `<img src=x onerror=alert('filename')>.pcapng`;
  const path = join(dir, name);
  execFileSync(join(process.env.CARGO_TARGET_DIR || join(h.ROOT, 'target'), 'release', 'ctiscope'), ['sample', '--hostile', path]);
  await s.page.setInputFiles('#file-input', path);
  await h.waitForResults(s.page);
  const text = await s.page.textContent('#results');
  assert.ok(text.includes(name), 'the file name is shown as text');
  for (const field of ['login', 'application', 'device', 'line', 'dialled']) {
    assert.ok(text.includes(`<img src=x onerror=alert('${field}')>`), `${field} payload shown as text`);
  }
  assert.deepEqual(await injected(s.page), { scripts: 0, images: 0, iframes: 0, handlers: 0 });
  // Give any injected handler a moment to fire, then check nothing did.
  await s.page.waitForTimeout(300);
  assert.deepEqual(s.dialogs, [], 'a script ran');
  assert.deepEqual(s.foreignRequests(), []);
  assert.deepEqual(s.errors, []);
  // The page still works.
  await s.page.click('#sample-button');
  await h.waitForResults(s.page);
  assert.match(await s.page.textContent('#flows'), /ctiqbe/);
});

test('the page is served with a strict Content-Security-Policy', async () => {
  const csp = await s.page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]').content);
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.doesNotMatch(csp, /unsafe-inline|https?:/);
  // An inline script added at runtime is refused by the policy.
  const ran = await s.page.evaluate(() => {
    window.__inline = false;
    const el = document.createElement('script');
    el.textContent = 'window.__inline = true';
    document.body.append(el);
    const result = window.__inline;
    el.remove();
    return result;
  });
  assert.equal(ran, false);
});

test('an engine that fails to load is a message on the page, and the next file works', async () => {
  // Serve a broken wasm module once: the worker's engine cannot start.
  let broken = 0;
  await s.page.route('**/ctiscope_bg.wasm', (route) => {
    broken += 1;
    return route.fulfill({ status: 200, contentType: 'application/wasm', body: Buffer.from('not wasm at all') });
  });
  // Forget the previous test's end state, so that the wait below sees this analysis's error
  // (the sample is fetched before the analysis starts: a stale "error" would match at once).
  await s.page.evaluate(() => { document.body.dataset.state = 'ready'; });
  await s.page.click('#sample-button');
  const text = await h.waitForError(s.page);
  assert.ok(broken >= 1);
  assert.match(text, /Could not analyze/i);
  await s.page.waitForSelector('#progress', { state: 'hidden', timeout: 5000 });
  await s.page.unroute('**/ctiscope_bg.wasm');
  await s.page.click('#sample-button');
  await h.waitForResults(s.page);
  assert.match(await s.page.textContent('#flows'), /ctiqbe/);
});
