import fs from 'node:fs';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import yaml from 'yaml';
import { readClusters } from '../kubernetes/readClusters';
import { readSecretsConfig } from './readSecretsConfig';

/** The first YAML block of the README's Configuration section, as an adopter copies it. */
function readmeExample(): string {
  const readme = fs.readFileSync(
    path.join(__dirname, '..', '..', 'README.md'),
    'utf8',
  );
  const section = readme.slice(readme.indexOf('\n## Configuration'));
  return section.match(/```yaml\n([\s\S]*?)```/)![1];
}

const CA = Buffer.from(
  '-----BEGIN CERTIFICATE-----\nMIIBtest\n-----END CERTIFICATE-----\n',
).toString('base64');

describe("the backend README's configuration example", () => {
  const config = new ConfigReader(
    yaml.parse(
      readmeExample()
        .replace(/\$\{KUBE_TOKEN\}/g, 'token-from-env')
        .replace(/\$\{KUBE_CA_DATA\}/g, CA),
    ),
  );

  it('is read by the plugin as it stands', () => {
    const secrets = readSecretsConfig(config);
    expect([...secrets.stores.keys()]).toEqual(['platform-kv']);
    expect(secrets.access.services).toEqual([
      {
        subject: 'deploy-bot',
        permissions: ['secrets.mapping.read', 'secrets.mapping.sync'],
      },
    ]);
    const [cluster] = readClusters(config);
    expect(cluster.name).toBe('prod-eu');
    expect(cluster.credentials).toEqual(
      expect.objectContaining({
        type: 'tokenFile',
        path: '/var/run/secrets/engine/token',
      }),
    );
  });

  it('has what the Kubernetes plugin requires beside it', () => {
    expect(config.getString('kubernetes.serviceLocatorMethod.type')).toBe(
      'multiTenant',
    );
  });
});
