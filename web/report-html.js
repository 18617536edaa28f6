// The self-contained HTML report of the findings: one string, no scripts, no external resources,
// opens anywhere. Every string from the capture goes through `escapeHtml`. Pure functions (no
// DOM), so they are tested under Node too (tests/e2e/report-html.test.mjs).

const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(value) {
  return String(value ?? '').replace(/[&<>"'`]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' }[c]));
}

const STYLE = `body{font:14px/1.5 system-ui,sans-serif;margin:24px auto;max-width:1100px;padding:0 16px;color:#1d2430;background:#fff}
@media (prefers-color-scheme:dark){body{color:#e3e8ef;background:#12161c}table,section{border-color:#2c3440!important}}
h1{margin:0 0 4px}.muted{color:#6b7685}table{border-collapse:collapse;width:100%;margin:8px 0}
th,td{border-bottom:1px solid #d6dbe2;padding:3px 8px;text-align:left;vertical-align:top}td{overflow-wrap:anywhere}
section.finding{border-left:5px solid #999;padding:4px 14px;margin:14px 0}
.critical{border-color:#a4161a!important}.high{border-color:#d9480f!important}.medium{border-color:#b08900!important}
.low{border-color:#2b8a3e!important}.info{border-color:#1864ab!important}.sev{text-transform:uppercase;font-weight:700;font-size:12px}
.counts span{display:inline-block;margin-right:16px}code{overflow-wrap:anywhere}`;

const INVENTORY = [['servers', 'Servers'], ['applications', 'Applications'], ['logins', 'Logins'], ['devices', 'Devices'], ['lines', 'Lines'], ['numbers', 'Numbers'], ['user_agents', 'SIP user agents'], ['phones', 'SCCP phones']];

/** "3808 sessions · 3808 clients · 10.1.1.10:2748" of a grouped finding. */
function scope(f) {
  const n = (k, w) => `${k} ${w}${k === 1 ? '' : 's'}`;
  return [f.sessions ? n(f.sessions, 'session') : '', f.clients && f.clients.count ? n(f.clients.count, 'client') : '', f.server || '', f.value || '']
    .filter(Boolean).join(' · ');
}

/** The report page, from the summary (report without messages) and the analyzed file's name. */
export function findingsReport(summary, fileName, generatedAt = new Date()) {
  const e = escapeHtml;
  const c = summary.capture || {};
  const findings = [...(summary.findings || [])].sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity));
  const counts = SEVERITIES.map((s) => `<span class="${s}"><strong>${findings.filter((f) => f.severity === s).length}</strong> ${s}</span>`).join('');
  // A session's facts are computed by the engine from its typed info (see views/sessions.js).
  const fact = (s, label) => ((s.facts || []).find((f) => f.label === label) || {}).value ?? '';
  const sessions = (summary.sessions || []).map((s) => `<tr><td>${e(s.id)}</td><td>${e(s.protocol)}</td><td>${e(s.client)}</td><td>${e(s.server)}</td><td>${s.encrypted ? 'TLS' : 'plaintext'}</td><td>${e(fact(s, 'login'))}</td><td>${e(fact(s, 'application'))}</td><td>${e(s.messages)}</td></tr>`).join('\n');
  const body = findings.map((f) => {
    const evidence = (f.evidence || []).map((v) => `<tr><td>${e(v.label)}</td><td><code>${e(v.value)}</code>${v.masked ? ' <span class="muted">(masked)</span>' : ''}</td><td>${e(v.frame)}</td></tr>`).join('\n');
    return `<section class="finding ${e(f.severity)}">
<p class="sev ${e(f.severity)}">${e(f.severity)}</p>
<h3>${e(f.title)} <code class="muted">${e(f.id)}</code></h3>
<p class="scope">${e(scope(f))}</p>
${f.sessions > 1 ? `<p class="muted">Detail and evidence of the first sessions (session ${e(f.session)}); sessions: ${(f.session_ids || []).slice(0, 100).map(e).join(', ')}${f.sessions > Math.min(100, (f.session_ids || []).length) ? ', …' : ''}</p>` : ''}
${f.values && f.values.count ? `<p>Values (${e(f.values.count)}): ${f.values.first.map(e).join(', ')}${f.values.count > f.values.first.length ? ', …' : ''}</p>` : ''}
<p>${e(f.detail)}</p>
${evidence ? `<table><caption>Evidence</caption><thead><tr><th>What</th><th>Value</th><th>Frame</th></tr></thead><tbody>\n${evidence}\n</tbody></table>` : ''}
${f.remediation ? `<p><strong>Remediation:</strong> ${e(f.remediation)}</p>` : ''}
${f.references && f.references.length ? `<p><strong>References</strong></p><ul>${f.references.map((r) => `<li>${e(r)}</li>`).join('')}</ul>` : ''}
${f.frames && f.frames.length ? `<p class="muted">Frames: ${f.frames.map(e).join(', ')}</p>` : ''}
</section>`;
  }).join('\n');
  // What the capture gives away (report.inventory), the first 200 values of each list.
  const inv = summary.inventory || {};
  const inventory = INVENTORY.filter(([k]) => (inv[k] || []).length).map(([k, title]) => {
    const items = inv[k];
    const rows = items.slice(0, 200).map((i) => `<tr><td><code>${e(i.value)}</code></td><td>${e((i.details || []).map((d) => `${d.label}: ${d.value}`).join('; '))}</td><td>${e(i.sessions)}</td><td>${e((i.frames || []).join(', '))}</td></tr>`).join('\n');
    return `<table><caption>${e(title)} (${e(items.length)})</caption><thead><tr><th>Value</th><th>Details</th><th>Sessions</th><th>Frames</th></tr></thead><tbody>\n${rows}\n</tbody></table>${items.length > 200 ? `<p class="muted">… and ${e(items.length - 200)} more (the JSON report has them all).</p>` : ''}`;
  }).join('\n');
  const tool = summary.tool || {};
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'">
<meta name="referrer" content="no-referrer">
<title>ctiscope findings — ${e(fileName)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>ctiscope findings</h1>
<p class="muted">${e(fileName)} · ${e(c.format ?? 'unknown format')} · ${e(c.packets ?? 0)} packets · ${e((summary.sessions || []).length)} sessions · generated ${e(generatedAt.toISOString())} by ${e(tool.name ?? 'ctiscope')} ${e(tool.version ?? '')}</p>
<p class="counts">${counts}</p>
<h2>Findings (${findings.length})</h2>
${body || '<p>No findings.</p>'}
<h2>Inventory</h2>
${inventory || '<p>Nothing readable.</p>'}
<h2>Sessions (${(summary.sessions || []).length})</h2>
<table><thead><tr><th>#</th><th>Protocol</th><th>Client</th><th>Server</th><th>Channel</th><th>Login</th><th>Application</th><th>Messages</th></tr></thead><tbody>
${sessions}
</tbody></table>
</body>
</html>
`;
}
