/**
 * One problem in a template: where it is (1-based line and column) and what
 * is wrong. Messages name positions, functions, keys and types, never the
 * values of secrets.
 *
 * @public
 */
export interface TemplateIssue {
  /** 1-based line of the problem. */
  line: number;
  /** 1-based column of the problem, counted in UTF-16 code units. */
  column: number;
  /** What is wrong, without any secret value. */
  message: string;
}

/**
 * Thrown by {@link compileTemplate} (syntax and static errors) and by
 * {@link CompiledTemplate.render} (errors while executing). Carries every
 * issue found, each with its position.
 *
 * @public
 */
export class TemplateError extends Error {
  /** The problems found, in source order. Never empty. */
  readonly issues: TemplateIssue[];

  constructor(issues: TemplateIssue[]) {
    super(issues.map(i => `${i.message} at ${i.line}:${i.column}`).join('; '));
    this.name = 'TemplateError';
    this.issues = issues;
  }
}

/** Maps source offsets to 1-based line/column. */
export class Positions {
  private readonly lineStarts: number[] = [0];

  constructor(source: string) {
    for (let i = 0; i < source.length; i++) {
      if (source.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
    }
  }

  at(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.lineStarts[lo] + 1 };
  }
}

/**
 * Internal: an error at a source offset. Converted to a
 * {@link TemplateIssue} at the API boundary.
 */
export class PosError extends Error {
  constructor(readonly pos: number, message: string) {
    super(message);
    this.name = 'PosError';
  }
}
