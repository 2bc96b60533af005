/**
 * Prints one line, "N passed, N failed, N skipped", totalled over every result file of
 * the run (Jest JSON). Exits non-zero when a suite failed to run, had no result, or no
 * test ran at all — a run that proved nothing must not look green.
 */
import fs from 'node:fs';
import path from 'node:path';

const dir = process.argv[2];
let passed = 0;
let failed = 0;
let skipped = 0;
let broken = 0;

const files = fs.existsSync(dir)
  ? fs.readdirSync(dir).filter(f => f.endsWith('.json'))
  : [];
if (files.length === 0) {
  console.error(`no test results in ${dir}`);
  broken++;
}
for (const file of files.sort()) {
  const result = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  const p = result.numPassedTests ?? 0;
  const f = result.numFailedTests ?? 0;
  const s = (result.numPendingTests ?? 0) + (result.numTodoTests ?? 0);
  // A suite that crashed before its tests ran (syntax error, failed import) counts as a failure.
  const b = result.numRuntimeErrorTestSuites ?? 0;
  console.log(`  ${path.basename(file, '.json')}: ${p} passed, ${f + b} failed, ${s} skipped`);
  passed += p;
  failed += f;
  skipped += s;
  broken += b;
}
failed += broken;
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
