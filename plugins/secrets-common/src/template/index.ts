/**
 * ESO-compatible secret templates: Go `text/template` with the sprig
 * functions ESO users rely on (`engineVersion: v2`), in pure TypeScript so
 * that the frontend can validate exactly what the backend will render.
 *
 * @packageDocumentation
 */
import {
  PosError,
  Positions,
  TemplateError,
  type TemplateIssue,
} from './errors';
import { execute } from './exec';
import { parseTemplate } from './parser';

export { TemplateError, type TemplateIssue } from './errors';

/**
 * A template that parsed and passed the static checks.
 *
 * @public
 */
export interface CompiledTemplate {
  /**
   * Renders the template with `data` (secret key to value) as dot, like ESO
   * with `missingkey=error`.
   *
   * @throws {@link TemplateError} with the position of the failing action;
   *   the message never contains secret values.
   */
  render(data: Record<string, string>): string;
}

function toIssue(positions: Positions, e: PosError): TemplateIssue {
  return { ...positions.at(e.pos), message: e.message };
}

/**
 * Parses and statically checks a template: syntax, unknown functions,
 * undefined variables, argument counts, and `printf` formats whose verbs do
 * not match their arguments.
 *
 * @throws {@link TemplateError} listing every problem found.
 * @public
 */
export function compileTemplate(source: string): CompiledTemplate {
  const positions = new Positions(source);
  let parsed;
  try {
    parsed = parseTemplate(source);
  } catch (e) {
    if (e instanceof PosError) throw new TemplateError([toIssue(positions, e)]);
    throw e;
  }
  if (parsed.issues.length > 0) {
    throw new TemplateError(parsed.issues.map(e => toIssue(positions, e)));
  }
  const nodes = parsed.nodes;
  return {
    render(data: Record<string, string>): string {
      try {
        return execute(nodes, data);
      } catch (e) {
        if (e instanceof PosError)
          throw new TemplateError([toIssue(positions, e)]);
        throw e;
      }
    },
  };
}

/**
 * The problems {@link compileTemplate} would report, or `[]` when the
 * template is fine. Never throws; use it for form and API validation.
 *
 * @public
 */
export function validateTemplate(source: string): TemplateIssue[] {
  try {
    compileTemplate(source);
    return [];
  } catch (e) {
    if (e instanceof TemplateError) return e.issues;
    return [{ line: 1, column: 1, message: 'template could not be checked' }];
  }
}
