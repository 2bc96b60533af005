# Shared by the project's scripts: where tools are cached and which versions are expected.
# Sourced, never executed. Installs nothing by itself.
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# Tools live in a per-user cache keyed by version, so a fresh clone on the same machine reuses them.
TOOLS_CACHE="${BACKSTAGE_SECRETS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/backstage-secrets}"
NODE_VERSION="22.23.3"
NODE_HOME="$TOOLS_CACHE/node-$NODE_VERSION"
export REPO_ROOT TOOLS_CACHE NODE_VERSION NODE_HOME

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# The local stack's CLI: TypeScript run by Node 22's type stripping. The package has no
# "type" field (Jest loads it as CommonJS), so Node's module-type guess is silenced.
devstack() { node --disable-warning=MODULE_TYPELESS_PACKAGE_JSON "$REPO_ROOT/packages/devstack/src/cli.ts" "$@"; }
