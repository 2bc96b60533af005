import fs from 'node:fs';

/** One instruction of a Dockerfile: `RUN --mount=… npm ci` is `{ op: 'RUN', flags: ['--mount=…'], rest: 'npm ci' }`. */
export interface Instruction {
  op: string;
  flags: string[];
  rest: string;
}

/** A build stage: its `AS` name (if any) and its instructions after `FROM`. */
export interface Stage {
  name?: string;
  steps: Instruction[];
}

/**
 * Reads a Dockerfile into stages, enough to carry its steps out on a host without Docker:
 * comments and the parser directive are dropped, backslash-continued lines joined, and the
 * leading `--flag=…` options of an instruction kept apart from its arguments.
 */
export function readDockerfile(file: string): Stage[] {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const logical: string[] = [];
  let current = '';
  for (const line of lines) {
    if (/^\s*#/.test(line)) continue;
    if (line.endsWith('\\')) {
      current += `${line.slice(0, -1)} `;
      continue;
    }
    current += line;
    if (current.trim()) logical.push(current.trim().replace(/\s+/g, ' '));
    current = '';
  }
  const stages: Stage[] = [];
  for (const text of logical) {
    const [op, ...words] = text.split(' ');
    const flags: string[] = [];
    while (words[0]?.startsWith('--')) flags.push(words.shift()!);
    const instruction = { op: op.toUpperCase(), flags, rest: words.join(' ') };
    if (instruction.op === 'FROM') {
      const as = /\sAS\s+(\S+)$/i.exec(instruction.rest);
      stages.push({ name: as?.[1], steps: [] });
    } else if (!stages.length) {
      throw new Error(`${file}: ${op} before the first FROM`);
    } else {
      stages[stages.length - 1].steps.push(instruction);
    }
  }
  return stages;
}

/** The value of an instruction's `--name=value` flag. */
export function flag(step: Instruction, name: string): string | undefined {
  const prefix = `--${name}=`;
  return step.flags.find(f => f.startsWith(prefix))?.slice(prefix.length);
}
