export interface Config {
  /**
   * Configuration for the secrets backend plugin. Vault and Kubernetes
   * connection settings will live here; nothing is required yet.
   */
  secrets?: {};
}
