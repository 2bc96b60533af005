#!/usr/bin/env bash
# The test command: installs what is missing, starts the local stack (Vault, etcd,
# kube-apiserver, PostgreSQL) on 127.0.0.1, runs every suite, stops the stack, and ends
# with one line "N passed, N failed, N skipped" totalled over all suites.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/env.sh"
source "$REPO_ROOT/scripts/lib/ensure-node.sh"
source "$REPO_ROOT/scripts/lib/ensure-deps.sh"
cd "$REPO_ROOT"

started=$SECONDS
ensure_node
ensure_system_packages --browser
ensure_npm_packages
ensure_servers
log "setup done in $((SECONDS - started)) s"

# Jest watches unless CI is set.
export CI=true
results="$REPO_ROOT/.devstack/test-results"
rm -rf "$results" && mkdir -p "$results"

# Type-check and lint count as one test each: Jest compiles with swc, which never
# type-checks, so without tsc a type error in a test would pass unnoticed.
check() {
  local name=$1
  shift
  if "$@" >"$results/$name.log" 2>&1; then
    echo '{"numPassedTests": 1}' >"$results/$name.json"
  else
    echo '{"numFailedTests": 1}' >"$results/$name.json"
    log "$name failed (full output in $results/$name.log):"
    tail -n 40 "$results/$name.log" >&2
  fi
}
check typecheck npx tsc --noEmit
check lint npx backstage-cli repo lint
# The router's document and the shared API types are generated from openapi.yaml.
check openapi node plugins/secrets-backend/scripts/generateOpenApi.mjs --check
# The published packages' API reports must match their exports and carry no warnings.
check api-reports bash scripts/api-reports.sh --ci

status=0
devstack run --name test --postgres -- \
  npx backstage-cli repo test --json --outputFile="$results/jest.json" "$@" || status=$?

# End to end in headless Chromium: the real app on a stack of its own (PostgreSQL, so the
# mappings outlive the backend restart between the owner and admin phases).
devstack run --name e2e --postgres -- \
  node --disable-warning=MODULE_TYPELESS_PACKAGE_JSON packages/e2e/src/run.ts \
  "$results" "$results/screenshots" || status=$?
# A run that crashed before writing its result still counts, as a failure.
[[ -f "$results/e2e.json" ]] || echo '{"numFailedTests": 1}' >"$results/e2e.json"

# Install test: the three plugins packed and installed into a separate minimal app
# (fixtures/install-app, copied outside the repository) exactly as their READMEs say.
devstack run --name install --postgres -- \
  node --disable-warning=MODULE_TYPELESS_PACKAGE_JSON packages/e2e/src/install.ts \
  "$results" || status=$?
[[ -f "$results/install.json" ]] || echo '{"numFailedTests": 1}' >"$results/install.json"

# Production-bundle test: packages/backend/Dockerfile's steps carried out on the host (no
# Docker here), the result run with NODE_ENV=production and PostgreSQL.
devstack run --name production --postgres -- \
  node --disable-warning=MODULE_TYPELESS_PACKAGE_JSON packages/e2e/src/production.ts \
  "$results" || status=$?
[[ -f "$results/production.json" ]] || echo '{"numFailedTests": 1}' >"$results/production.json"

# The demo config plus the overlay the stack wrote must match every plugin's config schema.
check config npx backstage-cli config:check --strict \
  --config app-config.yaml --config .devstack/test/app-config.devstack.yaml

# The backend README's configuration example, with the Kubernetes backend plugin's schema too.
check readme-config node scripts/check-readme-config.mjs

log "test command finished in $((SECONDS - started)) s"
# Last line of the output: N passed, N failed, N skipped over every suite and check.
node scripts/summarize-tests.ts "$results" || status=1
exit "$status"
