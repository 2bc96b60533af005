#!/usr/bin/env node
/**
 * The backend plugin README's configuration example must pass
 * `backstage-cli config:check --strict` on top of the demo config, with every installed
 * plugin's schema: ours and the Kubernetes backend plugin's, which reads the same
 * `kubernetes` block. Exits non-zero when it does not.
 *
 *   node scripts/check-readme-config.mjs
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const readme = fs.readFileSync(
  path.join(root, 'plugins/secrets-backend/README.md'),
  'utf8',
);
const section = readme.slice(readme.indexOf('## Configuration'));
const example = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
if (!example) {
  console.error('no yaml block under "## Configuration" in the backend README');
  process.exit(1);
}
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-config-'));
const file = path.join(dir, 'app-config.readme.yaml');
fs.writeFileSync(file, example);
try {
  execFileSync(
    'npx',
    [
      'backstage-cli',
      'config:check',
      '--strict',
      '--config',
      path.join(root, 'app-config.yaml'),
      '--config',
      file,
    ],
    { cwd: root, stdio: 'inherit' },
  );
} catch {
  process.exitCode = 1;
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
