#!/usr/bin/env bash
# API reports (report.api.md) of the published packages, from their declarations.
#   bash scripts/api-reports.sh         write the reports
#   bash scripts/api-reports.sh --ci    fail if a report is out of date or has warnings
# ae-wrong-input-file-type is left out: inside this workspace a sibling package's "types"
# field points at its sources (src/index.ts), which API Extractor flags as an input that is
# not a declaration file; the published packages point at dist/index.d.ts instead.
set -euo pipefail
cd "$(dirname "$0")/.."
npx tsc --incremental false --outDir dist-types
npx backstage-repo-tools api-reports "$@" \
  --omit-messages ae-wrong-input-file-type \
  plugins/secrets-common plugins/secrets-backend plugins/secrets-frontend \
  plugins/scaffolder-backend-module-secrets
