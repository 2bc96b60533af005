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
for (const file of files) {
  const result = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  passed += result.numPassedTests ?? 0;
  failed += result.numFailedTests ?? 0;
  skipped += (result.numPendingTests ?? 0) + (result.numTodoTests ?? 0);
  // A suite that crashed before its tests ran (syntax error, failed import) counts as a failure.
  broken += result.numRuntimeErrorTestSuites ?? 0;
}
failed += broken;
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
