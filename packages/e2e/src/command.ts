import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/** Runs a command, its output into the log; throws with the log's tail when it fails. */
export function run(
  cmd: string,
  args: string[],
  cwd: string,
  log: string,
  env: Record<string, string> = {},
) {
  fs.appendFileSync(log, `\n$ ${cmd} ${args.join(' ')}   (in ${cwd})\n`);
  try {
    const out = execFileSync(cmd, args, {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, CI: 'true', ...env },
      maxBuffer: 256 * 1024 * 1024,
    });
    fs.appendFileSync(log, out);
  } catch (error) {
    const e = error as { stdout?: Buffer; stderr?: Buffer };
    const text = `${e.stdout ?? ''}${e.stderr ?? ''}`;
    fs.appendFileSync(log, text);
    throw new Error(
      `${cmd} ${args.join(' ')} failed:\n${text
        .split('\n')
        .slice(-30)
        .join('\n')}`,
    );
  }
}
