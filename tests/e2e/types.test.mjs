// The npm package's TypeScript types (npm/index.d.ts) against real reports: the CLI's `--json`
// report of every capture in tests/captures, of the page's sample and of a generated capture
// with calls across CTIQBE, SIP and SCCP is written into a TypeScript file as an object literal
// typed `Report`, and `tsc --strict` compiles them. An object literal is checked field by field
// with its literal types kept, and an excess field is an error, so a field the engine writes
// and the types lack, a field the types require and the engine omits, or a string outside a
// declared union (a severity, a protocol) fails this test. The npm README's example is compiled
// too, as a user of the package would write it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CAPTURES, ROOT, sampleCapture, scratch } from './harness.mjs';

const CLI = join(process.env.CARGO_TARGET_DIR || join(ROOT, 'target'), 'release', 'ctiscope');
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

/** Every capture the repository holds, plus the sample and a generated correlated capture. */
function captures(dir) {
  const found = [];
  for (const sub of readdirSync(CAPTURES)) {
    for (const name of readdirSync(join(CAPTURES, sub))) {
      if (/\.(pcap|pcapng)(\.gz)?$/.test(name)) found.push(join(CAPTURES, sub, name));
    }
  }
  found.push(sampleCapture().path);
  const generated = join(dir, 'correlated.pcap');
  execFileSync(CLI, ['generate', '300K', generated, '--profile', 'correlated', '--seed', '7']);
  found.push(generated);
  return found;
}

/** Runs tsc on `files` with strict settings; returns its diagnostics (empty when clean). */
function typecheck(dir, files) {
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      strict: true, noEmit: true, target: 'es2022', module: 'esnext', moduleResolution: 'bundler',
      lib: ['es2022', 'dom'], skipLibCheck: false, types: [],
      paths: { ctiscope: [join(ROOT, 'npm', 'index.d.ts')] },
    },
    files,
  }));
  const run = spawnSync('node', [TSC, '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8', maxBuffer: 1 << 26 });
  return { status: run.status, output: `${run.stdout}${run.stderr}`.trim() };
}

/** Writes `json` (a report's text) into `dir/name.ts` as an object literal typed `Report`. */
function typedReport(dir, name, json) {
  const file = join(dir, `${name}.ts`);
  writeFileSync(file, `import type { Report } from 'ctiscope';\nexport const report: Report = ${json};\n`);
  return file;
}

const cliJson = (...args) => execFileSync(CLI, ['analyze', '--json', ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });

test('every report the CLI writes for the repository captures is a Report of index.d.ts', () => {
  const dir = scratch();
  const files = [];
  const all = captures(dir);
  for (const [i, capture] of all.entries()) files.push(typedReport(dir, `report${i}`, cliJson(capture)));
  // Several files merged (capture.files, message source, finding sources, duplicates).
  const sample = sampleCapture().path;
  for (const [i, group] of [[sample, sample], [sample, all.at(-1)]].entries()) {
    const json = cliJson(...group);
    assert.ok(JSON.parse(json).capture.files.length === 2);
    files.push(typedReport(dir, `merged${i}`, json));
  }
  assert.ok(files.length >= 22, `${files.length} reports`);
  const { status, output } = typecheck(dir, files);
  assert.equal(output, '', 'tsc found reports that do not match index.d.ts');
  assert.equal(status, 0);
});

test('every --ndjson record of those captures is an NdjsonRecord of index.d.ts', () => {
  const dir = scratch();
  const all = captures(dir);
  const run = (args) => execFileSync(CLI, ['analyze', '--ndjson', ...args], { encoding: 'utf8', maxBuffer: 1 << 28 }).trim().split('\n');
  // One report per file (`--separate`, records carry `file`), and the files merged into one.
  const lines = [...run(['--separate', ...all]), ...run(all)];
  const types = new Set(lines.map((line) => JSON.parse(line).type));
  for (const type of ['capture', 'flow', 'session', 'message', 'finding', 'inventory', 'call', 'event']) assert.ok(types.has(type), `no ${type} record`);
  const file = join(dir, 'records.ts');
  writeFileSync(file, `import type { NdjsonRecord } from 'ctiscope';\n${lines.map((line, i) => `export const r${i}: NdjsonRecord = ${line};`).join('\n')}\n`);
  const { status, output } = typecheck(dir, [file]);
  assert.equal(output, '', 'tsc found records that do not match index.d.ts');
  assert.equal(status, 0);
});

test('a wrong field in a report is a type error (the check above can fail)', () => {
  const dir = scratch();
  const json = JSON.parse(cliJson(sampleCapture().path));
  const broken = [
    ['an unknown severity', (r) => { r.findings[0].severity = 'catastrophic'; }],
    ['a field the types lack', (r) => { r.stats.not_a_stat = 1; }],
    ['a missing field', (r) => { delete r.capture.packets; }],
  ];
  for (const [what, breakIt] of broken) {
    const copy = structuredClone(json);
    breakIt(copy);
    const { status } = typecheck(dir, [typedReport(dir, 'broken', JSON.stringify(copy))]);
    assert.notEqual(status, 0, `${what} passed the type check`);
  }
});

test("the npm README's examples compile against index.d.ts", () => {
  const readme = readFileSync(join(ROOT, 'npm', 'README.md'), 'utf8');
  const examples = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);
  assert.ok(examples.some((e) => e.includes('analyze(')), 'the README has an example calling analyze()');
  assert.ok(examples.some((e) => e.includes('open(')), 'the README has an example calling open()');
  const dir = scratch();
  const files = examples.map((example, i) => {
    const file = join(dir, `example${i}.ts`);
    writeFileSync(file, `declare const file: File;\n${example}\nexport {};\n`);
    return file;
  });
  const { status, output } = typecheck(dir, files);
  assert.equal(output, '');
  assert.equal(status, 0);
});
