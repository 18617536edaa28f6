// The page has one client of its engine: client.js `open()`, the API the npm package exports
// (issue 18: "the page itself uses the same API"). In the served page every message any Worker is
// sent (the analysis, then each request of the views and exports) must come from client.js, and a
// second file must end the first analysis's worker. The sources are checked too, as a
// supplement: engine.js imports `open` from client.js, no other module of the page or the
// package sends the protocol's messages itself.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as msg from '../../web/messages.js';
import * as h from './harness.mjs';

let s;
before(async () => {
  s = await h.open();
  // Before the page's own scripts: record who posts each message to a Worker, and terminations.
  await s.page.addInitScript(() => {
    const seen = { posts: [], started: 0, terminated: 0 };
    window.__workers = seen;
    const Base = window.Worker;
    window.Worker = class extends Base {
      constructor(...args) {
        super(...args);
        seen.started += 1;
      }

      postMessage(m, ...rest) {
        // Line 0 is "Error", line 1 this method, line 2 its caller.
        seen.posts.push({ type: m && m.type, caller: new Error().stack.split('\n')[2] || '' });
        return super.postMessage(m, ...rest);
      }

      terminate() {
        seen.terminated += 1;
        return super.terminate();
      }
    };
  });
  await s.page.reload();
  await s.page.waitForSelector('body[data-state="ready"]');
});
after(async () => {
  try {
    assert.deepEqual(s.foreignRequests(), []);
    assert.deepEqual(s.errors, []);
  } finally {
    await s.close();
  }
});

test('every message the page sends its worker comes from client.js', async () => {
  await s.page.click('#sample-button');
  await h.waitForResults(s.page);
  await s.page.click('#tab-messages');
  await h.openRow(s.page, 0);
  await s.page.click('#tab-ladder');
  await s.page.waitForSelector('svg.ladder g.msg');
  const { text } = await h.downloadOf(s.page, '#export-json');
  assert.equal(JSON.parse(text).messages.length, 32);
  await h.downloadOf(s.page, '#export-csv');
  // A second analysis ends the first (its handle is aborted: the worker terminated).
  await s.page.evaluate(() => { document.body.dataset.state = 'ready'; });
  await s.page.click('#sample-button');
  await h.waitForResults(s.page);

  const seen = await s.page.evaluate(() => window.__workers);
  assert.equal(seen.started, 2, 'one worker per analysis');
  assert.ok(seen.terminated >= 1, 'the first analysis was closed');
  assert.equal(seen.posts.filter((p) => p.type === msg.ANALYZE).length, 2);
  const types = new Set(seen.posts.map((p) => p.type));
  for (const t of [msg.GET_FACETS, msg.SET_VIEW, msg.GET_ROWS, msg.GET_MESSAGE, msg.GET_REPORT_JSON, msg.GET_CSV]) assert.ok(types.has(t), `no ${t} was sent`);
  const elsewhere = seen.posts.filter((p) => !/\/web\/client\.js:\d+:\d+/.test(p.caller));
  assert.deepEqual(elsewhere, [], 'messages posted by another module than client.js');
});

/** The JavaScript files under `dir`, relative to the repository. */
function sources(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sources(path));
    else if (name.endsWith('.js')) out.push(relative(h.ROOT, path));
  }
  return out;
}

test('in the sources: the page and the package use client.js, and only it speaks the protocol as a client', () => {
  const read = (file) => readFileSync(join(h.ROOT, file), 'utf8');
  assert.match(read('web/engine.js'), /^import \{ open \} from '\.\/client\.js';$/m);
  assert.match(read('npm/index.js'), /^import \{ open as \w+ \} from '\.\/web\/client\.js';$/m);
  // The engine's side (backend.js, run by worker.js) receives ANALYZE and posts the replies.
  const engineSide = new Set(['web/backend.js', 'web/worker.js']);
  const files = [...sources(join(h.ROOT, 'web')), 'npm/index.js'];
  assert.ok(files.includes('web/app.js') && files.includes('web/views/messages.js'), `${files}`);
  for (const file of files) {
    if (file === 'web/client.js' || engineSide.has(file)) continue;
    const text = read(file);
    assert.doesNotMatch(text, /\.(ANALYZE|PROGRESS|DONE|ERROR|REPLY)\b/, `${file} handles the protocol's own messages`);
    assert.doesNotMatch(text, /\.postMessage\(|\.onmessage\s*=|addEventListener\('message'/, `${file} talks to a worker`);
  }
});
