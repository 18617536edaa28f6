// The HTML findings report's escaping, under Node (no browser): every string from a capture is
// text in the report, whatever markup it carries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeHtml, findingsReport } from '../../web/report-html.js';

const EVIL = `<script>alert(1)</script><img src=x onerror="alert(2)">'\`&`;

test('escapeHtml escapes the five HTML specials and the backtick', () => {
  assert.equal(escapeHtml('<script>alert("x")</script>'), '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
  assert.equal(escapeHtml(`a&b'c\`d`), 'a&amp;b&#39;c&#96;d');
  assert.equal(escapeHtml(null), '');
  assert.equal(escapeHtml(42), '42');
  assert.equal(escapeHtml('&lt;'), '&amp;lt;', 'already-escaped text is escaped again, not trusted');
});

test('the report carries no markup from the capture and no scripts at all', () => {
  const summary = {
    tool: { name: 'ctiscope', version: EVIL },
    capture: { format: 'pcap', packets: 3 },
    sessions: [{ id: 1, protocol: 'ctiqbe', client: EVIL, server: '10.0.0.1:2748', encrypted: false, messages: 2, facts: [{ label: 'login', value: EVIL }, { label: 'application', value: EVIL }] }],
    findings: [{
      id: EVIL, severity: 'high', title: EVIL, detail: EVIL, session: 1, frames: [1, 2],
      evidence: [{ label: EVIL, value: EVIL, frame: 1, message: 0, start: 0, end: 4, masked: true }], remediation: EVIL, references: [EVIL],
      // A group (docs/findings.md): capture text in its server, value, values and clients.
      server: EVIL, value: EVIL, values: { count: 2, first: [EVIL] }, sessions: 3, session_ids: [1, 2, 3], clients: { count: 1, first: [EVIL] },
    }],
    inventory: { logins: [{ value: EVIL, details: [{ label: 'server', value: EVIL }], sessions: 3, frames: [1], messages: [0] }] },
  };
  const html = findingsReport(summary, `${EVIL}.pcap`, new Date(0));
  assert.doesNotMatch(html, /<script/i);
  assert.doesNotMatch(html, /<img/i);
  assert.doesNotMatch(html, /onerror="/);
  assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'/);
  assert.match(html, /1970-01-01T00:00:00.000Z/);
  assert.match(html, /3 sessions · 1 client · &lt;script&gt;/);
  assert.match(html, /<caption>Logins \(1\)<\/caption>/);
  // Every tag in the document is one the template wrote.
  const tags = new Set([...html.matchAll(/<([a-z0-9]+)[\s>]/gi)].map((m) => m[1].toLowerCase()));
  const allowed = new Set(['html', 'head', 'meta', 'title', 'style', 'body', 'h1', 'h2', 'h3', 'p', 'span', 'strong', 'section', 'table', 'caption', 'thead', 'tbody', 'tr', 'th', 'td', 'code', 'ul', 'li']);
  for (const t of tags) assert.ok(allowed.has(t), `unexpected tag <${t}>`);
});

test('findings are ordered most severe first', () => {
  const f = (id, severity) => ({ id, severity, title: id, detail: '', frames: [], evidence: [], remediation: '' });
  const html = findingsReport({ capture: {}, sessions: [], findings: [f('A', 'info'), f('B', 'critical'), f('C', 'medium')] }, 'x.pcap');
  assert.ok(html.indexOf('>B <') < html.indexOf('>C <') && html.indexOf('>C <') < html.indexOf('>A <'));
});
