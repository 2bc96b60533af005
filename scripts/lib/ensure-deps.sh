# Debian packages the project's commands use: the PostgreSQL server (the local stack),
# openssl (the local cluster's certificates), setpriv (servers dropped to a user) and, for
# the test command only (`ensure_system_packages --browser`), Chromium for the e2e run.
ensure_system_packages() {
  local missing=()
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)
  command -v openssl >/dev/null || missing+=(openssl)
  command -v setpriv >/dev/null || missing+=(util-linux)
  if [[ "${1:-}" == --browser && -z "${CHROMIUM_PATH:-}" && ! -x /usr/bin/chromium ]]; then
    missing+=(chromium)
  fi
  [[ ${#missing[@]} -eq 0 ]] && return 0
  if [[ "$(id -u)" -ne 0 ]]; then
    die "missing Debian packages: ${missing[*]}; install them with: sudo apt-get update && sudo apt-get install -y ${missing[*]}"
  fi
  log "installing Debian packages: ${missing[*]}"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null ||
    die "apt-get could not install: ${missing[*]}"
}

# npm packages, exactly as the committed lock file pins them (`npm ci`, which fails rather
# than rewrite the lock file); skipped when node_modules was installed after the lock file
# last changed. The lock file lists every platform's optional packages (swc, rollup, ...),
# so `npm ci` accepts it on any machine and installs only this platform's.
ensure_npm_packages() {
  local marker="$REPO_ROOT/node_modules/.package-lock.json"
  if [[ -f "$marker" && "$marker" -nt "$REPO_ROOT/package-lock.json" ]]; then
    return 0
  fi
  log "installing npm packages (npm ci)"
  # Native addons (better-sqlite3) must build against the headers of the Node that runs
  # them; without this node-gyp would try to download headers, which cannot work here.
  local node_dir
  node_dir="$(dirname "$(dirname "$(command -v node)")")"
  (cd "$REPO_ROOT" && npm_config_nodedir="$node_dir" npm ci --no-audit --no-fund --loglevel=error)
}

# Vault (or OpenBao), etcd and kube-apiserver: found on PATH / env vars, or built once with Go.
ensure_servers() {
  devstack build
}
