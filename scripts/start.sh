#!/usr/bin/env bash
# The start command: installs what is missing, starts the local stack with demo data
# and Backstage (frontend :3000, backend :7007). If app-config.local.yaml configures the
# user's own Vault stores, the local stack is not started.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/env.sh"
source "$REPO_ROOT/scripts/lib/ensure-node.sh"
source "$REPO_ROOT/scripts/lib/ensure-deps.sh"
cd "$REPO_ROOT"

ensure_node
ensure_system_packages
ensure_npm_packages

configs=(--config "$REPO_ROOT/app-config.yaml")
local_config="$REPO_ROOT/app-config.local.yaml"
if [[ -f "$local_config" ]] && grep -qE '^secrets:' "$local_config"; then
  log "app-config.local.yaml configures its own Vault and cluster: not starting the local stack"
  exec npx backstage-cli repo start "${configs[@]}" --config "$local_config"
fi

ensure_servers
overlay="$REPO_ROOT/app-config.devstack.yaml"
configs+=(--config "$overlay")
[[ -f "$local_config" ]] && configs+=(--config "$local_config")
# The stack stops when Backstage stops (Ctrl-C), and its servers die with it even on kill -9.
devstack run --name start --postgres --overlay "$overlay" -- \
  npx backstage-cli repo start "${configs[@]}"
