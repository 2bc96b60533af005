import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { UrlReaderService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { DECLARED_FILE_LIMITS, DeclaredFileReader } from './DeclaredFileReader';

const entityAt = (location?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'web',
    annotations: location
      ? { 'backstage.io/managed-by-location': location }
      : {},
  },
});

describe('DeclaredFileReader', () => {
  let dir: string;
  const searched: string[] = [];
  const urlReader = {
    async search(url: string) {
      searched.push(url);
      return {
        etag: '',
        files: [
          { url, content: async () => Buffer.from('kind: ExternalSecret') },
        ],
      };
    },
  } as unknown as UrlReaderService;
  const reader = new DeclaredFileReader({
    urlReader,
    integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
  });

  beforeAll(async () => {
    dir = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'decl-')));
    await fs.mkdir(path.join(dir, 'repo/deploy/nested'), { recursive: true });
    await fs.mkdir(path.join(dir, 'repo/node_modules'), { recursive: true });
    await fs.writeFile(path.join(dir, 'repo/deploy/a.yaml'), 'a');
    await fs.writeFile(path.join(dir, 'repo/deploy/nested/b.yaml'), 'b');
    await fs.writeFile(path.join(dir, 'repo/node_modules/c.yaml'), 'c');
    await fs.writeFile(path.join(dir, 'outside.yaml'), 'secret-ish');
    await fs.symlink(
      path.join(dir, 'outside.yaml'),
      path.join(dir, 'repo/deploy/link.yaml'),
    );
  });
  afterAll(() => fs.rm(dir, { recursive: true, force: true }));

  const at = () => entityAt(`file:${path.join(dir, 'repo/catalog-info.yaml')}`);

  it('reads a file location by path and by glob, skipping dependency folders and links', async () => {
    const one = await reader.read(at(), './deploy/a.yaml');
    expect(one).toEqual([
      { url: `file:${path.join(dir, 'repo/deploy/a.yaml')}`, content: 'a' },
    ]);
    // A glob does not follow symbolic links; a link named directly must stay inside.
    const found = await reader.read(at(), '**/*.yaml');
    expect(found.map(f => f.content)).toEqual(['a', 'b']);
    await expect(reader.read(at(), 'deploy/link.yaml')).rejects.toThrow(
      /deploy\/link\.yaml links outside the folder/,
    );
    expect(await reader.read(at(), './deploy/missing.yaml')).toEqual([]);
  });

  it('refuses paths that leave the folder, URLs, unknown location types and oversized files', async () => {
    await expect(reader.read(at(), '../outside.yaml')).rejects.toThrow(
      /leaves the folder of the entity's catalog file/,
    );
    await expect(
      reader.read(at(), 'https://example.com/x.yaml'),
    ).rejects.toThrow(/must be a path relative/);
    await expect(reader.read(entityAt(), 'x.yaml')).rejects.toThrow(
      /no backstage.io\/managed-by-location/,
    );
    await expect(
      reader.read(entityAt('github-org:https://github.com/o'), 'x.yaml'),
    ).rejects.toThrow(/"github-org" location/);
    await fs.writeFile(
      path.join(dir, 'repo/deploy/big.yaml'),
      'x'.repeat(DECLARED_FILE_LIMITS.fileBytes + 1),
    );
    await expect(reader.read(at(), 'deploy/big.yaml')).rejects.toThrow(
      /larger than 256 KiB/,
    );
    await fs.rm(path.join(dir, 'repo/deploy/big.yaml'));
  });

  it('resolves a url location against the catalog file through the UrlReaderService', async () => {
    const files = await reader.read(
      entityAt(
        'url:https://git.example.com/org/repo/blob/main/catalog-info.yaml',
      ),
      './deploy/external-secrets.yaml',
    );
    expect(searched).toEqual([
      'https://git.example.com/org/repo/blob/main/deploy/external-secrets.yaml',
    ]);
    expect(files[0].content).toBe('kind: ExternalSecret');
  });
});
