# Installs what the project needs and the machine lacks. Sourced after env.sh and ensure-node.sh.

# Debian packages: PostgreSQL server (tests), openssl (the local cluster's certificates).
ensure_system_packages() {
  local missing=()
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)
  command -v openssl >/dev/null || missing+=(openssl)
  command -v setpriv >/dev/null || missing+=(util-linux)
  [[ ${#missing[@]} -eq 0 ]] && return 0
  if [[ "$(id -u)" -ne 0 ]]; then
    die "missing Debian packages: ${missing[*]} (install them with: sudo apt-get install -y ${missing[*]})"
  fi
  log "installing Debian packages: ${missing[*]}"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# npm packages, from the committed lock file; skipped when node_modules already matches it.
# `npm install`, not `npm ci`: the registry mirror has no builds for other platforms, so npm
# leaves those optional packages out of the lock file and `npm ci` then rejects it as out of
# sync. `npm install` installs exactly what the lock file pins and leaves it unchanged.
ensure_npm_packages() {
  local marker="$REPO_ROOT/node_modules/.package-lock.json"
  if [[ -f "$marker" && "$marker" -nt "$REPO_ROOT/package-lock.json" ]]; then
    return 0
  fi
  log "installing npm packages"
  # Native addons (better-sqlite3) must build against the headers of the Node that runs
  # them; without this node-gyp would try to download headers, which cannot work here.
  local node_dir
  node_dir="$(dirname "$(dirname "$(command -v node)")")"
  (cd "$REPO_ROOT" && npm_config_nodedir="$node_dir" npm install --no-audit --no-fund --loglevel=error)
}

# Vault (or OpenBao), etcd and kube-apiserver: found on PATH / env vars, or built once with Go.
ensure_servers() {
  devstack build
}
