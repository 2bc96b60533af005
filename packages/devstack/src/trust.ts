import tls from 'node:tls';

const trusted = new Set<string>();

/**
 * Adds a CA to the certificates this process trusts by default (fetch included), so test
 * setup can call the stack's Vault directly. The code under test is never helped by it:
 * its stores name their CA (`caBundle`/`caFile`), which replaces the default list, and the
 * backends the tests start as processes of their own trust only what their config says.
 */
export function trustCa(pem: string): void {
  if (trusted.has(pem)) return;
  tls.setDefaultCACertificates([...tls.getCACertificates('default'), pem]);
  trusted.add(pem);
}
