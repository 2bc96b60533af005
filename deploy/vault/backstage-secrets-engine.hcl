# Vault policy for the Backstage Secrets sync engine (the identity its stores log in as).
#
# Grant the engine only the path prefixes your `secrets.stores.<name>.allowedPaths` hand out:
# one block per team prefix and mount, as below for the demo teams `payments` and `search`.
# The plugin checks those prefixes per entity as well; this policy is the second fence, so a
# misconfigured store still cannot read another team's secrets.
#
# Load it with:  vault policy write backstage-secrets-engine backstage-secrets-engine.hcl
# The local stack loads this very file, so what its tests prove is what this file grants.

# --- KV v2 at secret/: read values and versions; write new versions for rotate and push.
path "secret/data/payments/*" {
  capabilities = ["read", "create", "update"]
}
path "secret/metadata/payments/*" {
  # list: dataFrom.find; update: the custom metadata rotation records.
  capabilities = ["read", "list", "update"]
}
path "secret/data/search/*" {
  capabilities = ["read", "create", "update"]
}
path "secret/metadata/search/*" {
  capabilities = ["read", "list", "update"]
}

# --- KV v1 at kv/: read only (no versions, so no rotation).
path "kv/payments/*" {
  capabilities = ["read", "list"]
}
path "kv/search/*" {
  capabilities = ["read", "list"]
}

# --- Dynamic credentials: roles are named after the team (payments-app, search-ro, ...).
path "database/creds/payments-*" {
  capabilities = ["read"]
}
path "database/creds/search-*" {
  capabilities = ["read"]
}
path "pki/issue/payments-*" {
  capabilities = ["create", "update"]
}
path "pki/issue/search-*" {
  capabilities = ["create", "update"]
}

# Renew and revoke only the leases of those roles (deleting a mapping revokes its lease).
path "sys/leases/renew/database/creds/payments-*" {
  capabilities = ["update"]
}
path "sys/leases/revoke/database/creds/payments-*" {
  capabilities = ["update"]
}
path "sys/leases/renew/database/creds/search-*" {
  capabilities = ["update"]
}
path "sys/leases/revoke/database/creds/search-*" {
  capabilities = ["update"]
}

# Leases die with the token that issued them: the engine looks up that token's expiry by
# accessor so it can issue new credentials before it goes.
path "auth/token/lookup-accessor" {
  capabilities = ["update"]
}
