/**
 * Names shared by the example catalog (examples/), the local stack and the tests.
 * Changing one here means changing examples/ too.
 */
export const DEMO = {
  /** Namespaces bound to the example Components through `backstage.io/kubernetes-namespace`. */
  teamNamespaces: ['payments', 'search'],
  /** A namespace the engine has no RBAC in: writes there must be refused. */
  restrictedNamespace: 'restricted',
  /** Where the engine's own ServiceAccounts live. */
  engineNamespace: 'backstage-secrets',
  engineServiceAccount: 'backstage-secrets-engine',
  /** Used by Vault's kubernetes auth to call TokenReview. */
  reviewerServiceAccount: 'vault-token-reviewer',
  /** Vault policy and role names. */
  enginePolicy: 'backstage-secrets-engine',
  engineRole: 'backstage-secrets-engine',
  /** Audience Vault's jwt auth requires (seed 001). */
  jwtAudience: 'vault',
  /** Vault path prefixes (below each mount) the engine may read, one per team. */
  teamPrefixes: ['payments', 'search'],
} as const;
