#!/usr/bin/env node
// Turns src/schema/openapi.yaml, the one description of the HTTP API, into the two files
// the code uses: the document as a module the router validates requests against, and
// the request/response types in secrets-common that both plugins compile against.
// Pure Node on purpose: the usual OpenAPI generators need a Java runtime and a download.
//
//   node scripts/generateOpenApi.mjs          write both files
//   node scripts/generateOpenApi.mjs --check  fail if either is out of date
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import prettier from 'prettier';
import yaml from 'yaml';

const here = path.dirname(fileURLToPath(import.meta.url));
const backend = path.resolve(here, '..');
const source = path.join(backend, 'src/schema/openapi.yaml');
const outputs = {
  spec: path.join(backend, 'src/schema/openapi.generated.ts'),
  types: path.resolve(
    backend,
    '../secrets-common/src/api/openapi.generated.ts',
  ),
};
const HEADER = `// Generated from plugins/secrets-backend/src/schema/openapi.yaml by
// \`npm run generate:openapi -w @backstage-secrets/plugin-secrets-backend\`. Do not edit.
`;

/**
 * The generator's root types get names that say whose they are, and TSDoc with a release
 * tag, since the common package exports them; the unused roots are dropped.
 */
function publicNames(text) {
  return tsdoc(text)
    .replace(
      /^export type (webhooks|\$defs|operations) = Record<string, never>;\n/gm,
      '',
    )
    .replace(/\bcomponents\[/g, 'SecretsApiComponents[')
    .replace(
      /^export interface paths \{/m,
      '/**\n * Every route of the secrets API, as its OpenAPI document describes it.\n *\n * @public\n */\nexport interface SecretsApiPaths {',
    )
    .replace(
      /^ {2,4}(schemas|responses|parameters|requestBodies|headers|pathItems): /gm,
      (_, name) => `  /** The document's ${name}. */\n  ${name}: `,
    )
    .replace(
      /^export interface components \{/m,
      "/**\n * The schemas, parameters and responses of the secrets API's OpenAPI document.\n *\n * @public\n */\nexport interface SecretsApiComponents {",
    );
}

/** The generator's JSDoc as TSDoc, so API Extractor reads the comments without warnings. */
function tsdoc(text) {
  return text
    .replace(/^[ \t]*\/\*\* @enum \{[^}]*\} \*\/\n/gm, '')
    .replace(/\/\*\*[\s\S]*?\*\//g, comment =>
      comment
        .replace(/^\s*\* @enum \{[^}]*\}\n/gm, '')
        .replace(/@description /g, '')
        .replace(/@default /g, '@defaultValue ')
        .replace(/(?<!\\)([{}])/g, '\\$1'),
    );
}

async function format(file, text) {
  const options = (await prettier.resolveConfig(file)) ?? {};
  return prettier.format(text, { ...options, filepath: file });
}

async function generate() {
  const document = yaml.parse(fs.readFileSync(source, 'utf8'));
  const spec = `${HEADER}
/** The API's OpenAPI document, which the router validates every request against. */
export const spec = ${JSON.stringify(document, null, 2)} as const;
`;
  const types = `${HEADER}/* eslint-disable */
${publicNames(
  astToString(
    await openapiTS(document, {
      alphabetize: false,
      defaultNonNullable: false,
    }),
  ),
)}`;
  return {
    [outputs.spec]: await format(outputs.spec, spec),
    [outputs.types]: await format(outputs.types, types),
  };
}

const files = await generate();
const check = process.argv.includes('--check');
const stale = [];
for (const [file, text] of Object.entries(files)) {
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  if (current === text) continue;
  if (check) stale.push(path.relative(process.cwd(), file));
  else fs.writeFileSync(file, text);
}
if (stale.length) {
  console.error(
    `Out of date with src/schema/openapi.yaml: ${stale.join(', ')}\n` +
      'Run: npm run generate:openapi -w @backstage-secrets/plugin-secrets-backend',
  );
  process.exit(1);
}
