import { X509Certificate, createPrivateKey } from 'node:crypto';
import type { PemSourceConfig, StoreAuthConfig } from '../config';
import { loginError, readSecretFile } from './loginFiles';

type CertAuth = Extract<StoreAuthConfig, { method: 'cert' }>;

/** A client certificate (chain) and its key, as PEM, checked to belong together. */
export interface ClientCertificate {
  cert: string;
  key: string;
}

const loginPath = (auth: CertAuth) => `auth/${auth.path}/login`;
const certError = (store: string, auth: CertAuth, detail: string) =>
  loginError(store, loginPath(auth), detail);

/** The files of `auth.cert` fail the login they were read for, naming the file. */
function readPem(
  store: string,
  auth: CertAuth,
  source: PemSourceConfig,
  what: string,
): Promise<string> {
  if ('value' in source) return Promise.resolve(source.value);
  return readSecretFile(store, loginPath(auth), source.file, what);
}

/**
 * Reads `auth.cert`'s certificate and key (files again at every login, so a renewed pair is
 * used) and checks what Vault would otherwise refuse with a bare TLS error: the key must be
 * the certificate's and the certificate must be within its validity. Errors name the files
 * and dates, never key material.
 */
export async function readClientCertificate(
  store: string,
  auth: CertAuth,
  now: Date = new Date(),
): Promise<ClientCertificate> {
  const cert = await readPem(
    store,
    auth,
    auth.clientCert,
    'client certificate',
  );
  const key = await readPem(store, auth, auth.clientKey, 'client key');
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(cert);
  } catch {
    throw certError(
      store,
      auth,
      'the client certificate is not a PEM certificate',
    );
  }
  let privateKey;
  try {
    privateKey = createPrivateKey(key);
  } catch {
    throw certError(
      store,
      auth,
      'the client key is not an unencrypted PEM private key',
    );
  }
  if (!x509.checkPrivateKey(privateKey)) {
    throw certError(
      store,
      auth,
      `the client key does not belong to the client certificate (${x509.subject.replace(
        /\n/g,
        ', ',
      )})`,
    );
  }
  if (now < new Date(x509.validFrom) || now > new Date(x509.validTo)) {
    throw certError(
      store,
      auth,
      `the client certificate is valid from ${new Date(
        x509.validFrom,
      ).toISOString()} to ${new Date(x509.validTo).toISOString()}, not now`,
    );
  }
  return { cert, key };
}
