import fs from 'node:fs';

/** One named check of the e2e run; the summary counts them like Jest tests. */
export class Report {
  readonly results: {
    name: string;
    ok: boolean;
    error?: string;
    ms: number;
  }[] = [];

  /** Called with the step's name when it fails, e.g. to take a screenshot. */
  onFailure?: (name: string) => Promise<void>;

  async step(name: string, fn: () => Promise<void>): Promise<boolean> {
    const started = Date.now();
    try {
      await fn();
      this.results.push({ name, ok: true, ms: Date.now() - started });
      console.log(`  ✓ ${name} (${Date.now() - started} ms)`);
      return true;
    } catch (error) {
      const message = String((error as Error)?.stack ?? error)
        .split('\n')
        .slice(0, 6)
        .join('\n');
      this.results.push({
        name,
        ok: false,
        error: message,
        ms: Date.now() - started,
      });
      await this.onFailure?.(name).catch(() => undefined);
      console.log(`  ✕ ${name}\n    ${message.replace(/\n/g, '\n    ')}`);
      return false;
    }
  }

  /** Written in the shape the test summary reads from Jest's JSON output. */
  write(file: string, notRun: string[] = []) {
    const passed = this.results.filter(r => r.ok).length;
    fs.writeFileSync(
      file,
      JSON.stringify(
        {
          numPassedTests: passed,
          numFailedTests: this.results.length - passed + notRun.length,
          results: this.results,
          notRun,
        },
        null,
        2,
      ),
    );
  }
}

/** Runs a suite's `main` and exits with its code; a crash still writes a failed result. */
export function runSuite(main: () => Promise<number>, resultFile: string) {
  main().then(
    code => process.exit(code),
    error => {
      console.error(error);
      fs.writeFileSync(
        resultFile,
        JSON.stringify({ numPassedTests: 0, numFailedTests: 1 }),
      );
      process.exit(1);
    },
  );
}
