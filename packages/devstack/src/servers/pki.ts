import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Files of the local cluster's trust: a CA, the API server's serving cert and the service-account key pair. */
export interface ClusterPki {
  caFile: string;
  caPem: string;
  certFile: string;
  keyFile: string;
  saPublicKeyFile: string;
  saPublicKeyPem: string;
  saPrivateKeyFile: string;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** A self-signed CA (`<name>.crt`, `<name>.key`) in `dir`, valid 30 days. */
function createCa(dir: string, name: string, commonName: string): void {
  openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '30',
      '-subj',
      `/CN=${commonName}`,
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.crt`,
    ],
    dir,
  );
}

/** A key and a certificate `<name>.crt` for `commonName`, signed by CA `ca`, with `extensions`. */
function issueCertificate(
  dir: string,
  options: { ca: string; name: string; commonName: string; extensions: string },
): void {
  const { ca, name } = options;
  openssl(
    [
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-subj',
      `/CN=${options.commonName}`,
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.csr`,
    ],
    dir,
  );
  fs.writeFileSync(path.join(dir, `${name}.ext`), options.extensions);
  openssl(
    [
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      `${ca}.crt`,
      '-CAkey',
      `${ca}.key`,
      '-CAcreateserial',
      '-days',
      '30',
      '-extfile',
      `${name}.ext`,
      '-out',
      `${name}.crt`,
    ],
    dir,
  );
}

/**
 * Creates a throwaway CA and a serving certificate for 127.0.0.1, so clients verify
 * TLS for real (no "insecure-skip-tls-verify" anywhere in the stack).
 */
export function createClusterPki(dir: string): ClusterPki {
  fs.mkdirSync(dir, { recursive: true });
  createCa(dir, 'ca', 'devstack-ca');
  issueCertificate(dir, {
    ca: 'ca',
    name: 'apiserver',
    commonName: 'kube-apiserver',
    extensions:
      'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes.default.svc\nextendedKeyUsage=serverAuth\n',
  });

  // Signs service-account tokens; Vault's jwt auth validates them with the public half.
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
  });
  const saPublicKeyPem = publicKey
    .export({ type: 'spki', format: 'pem' })
    .toString();
  fs.writeFileSync(path.join(dir, 'sa.pub'), saPublicKeyPem);
  fs.writeFileSync(
    path.join(dir, 'sa.key'),
    privateKey.export({ type: 'pkcs8', format: 'pem' }),
    {
      mode: 0o600,
    },
  );
  return {
    caFile: path.join(dir, 'ca.crt'),
    caPem: fs.readFileSync(path.join(dir, 'ca.crt'), 'utf8'),
    certFile: path.join(dir, 'apiserver.crt'),
    keyFile: path.join(dir, 'apiserver.key'),
    saPublicKeyFile: path.join(dir, 'sa.pub'),
    saPublicKeyPem,
    saPrivateKeyFile: path.join(dir, 'sa.key'),
  };
}

/** A client certificate for Vault's cert auth method, and the CA a Vault role trusts it by. */
export interface ClientCertificate {
  caPem: string;
  certFile: string;
  keyFile: string;
  commonName: string;
}

/**
 * Creates a CA for clients (apart from any server's) and a client certificate signed by
 * it, for `commonName`. The key file is private to the user, as a mounted Secret would be.
 */
export function createClientCertificate(
  dir: string,
  commonName: string,
): ClientCertificate {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  createCa(dir, 'clients-ca', 'devstack-clients-ca');
  issueCertificate(dir, {
    ca: 'clients-ca',
    name: 'client',
    commonName,
    extensions: 'extendedKeyUsage=clientAuth\n',
  });
  fs.chmodSync(path.join(dir, 'client.key'), 0o600);
  return {
    caPem: fs.readFileSync(path.join(dir, 'clients-ca.crt'), 'utf8'),
    certFile: path.join(dir, 'client.crt'),
    keyFile: path.join(dir, 'client.key'),
    commonName,
  };
}
