import fs from 'node:fs/promises';
import path from 'node:path';
import type { UrlReaderService } from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  parseLocationRef,
  type Entity,
} from '@backstage/catalog-model';
import type { ScmIntegrationRegistry } from '@backstage/integration';
import type { ExternalSecretFile } from '../service/externalSecretDocuments';
import { globMatches, isGlob, staticPrefix } from './globMatch';

/** One declared file, read: a URL (or `file:` and an absolute path for a file location) and its text. */
export type DeclaredFile = ExternalSecretFile;

/** The files could not be read; whatever they declared before is kept. */
export class DeclaredReadError extends Error {
  name = 'DeclaredReadError';
}

/** Bounds on what one entity may make the backend read. */
export const DECLARED_FILE_LIMITS = {
  /** Files one pattern may match. */
  files: 20,
  /** Bytes of one file. */
  fileBytes: 256 * 1024,
  /** Characters of the annotation's value. */
  patternLength: 512,
  /** Directory entries a `file` glob may walk through. */
  walkedEntries: 5_000,
} as const;

/**
 * Reads the files an entity's annotation names, relative to the catalog file that defines
 * the entity (`backstage.io/managed-by-location`). URL locations go through the backend's
 * UrlReaderService, so the configured integrations (GitHub, GitLab, …) and their
 * `backend.reading.allow` rules apply. A `file` location, which only the platform's own
 * config can register, is read from disk, and only below the catalog file's folder.
 */
export class DeclaredFileReader {
  constructor(
    private readonly options: {
      urlReader: UrlReaderService;
      integrations: ScmIntegrationRegistry;
    },
  ) {}

  async read(entity: Entity, pattern: string): Promise<DeclaredFile[]> {
    if (pattern.length > DECLARED_FILE_LIMITS.patternLength)
      throw new DeclaredReadError(
        `the pattern is longer than ${DECLARED_FILE_LIMITS.patternLength} characters`,
      );
    if (pattern.includes('://'))
      throw new DeclaredReadError(
        `"${pattern}" must be a path relative to the entity's catalog file, not a URL`,
      );
    const location = entity.metadata.annotations?.[ANNOTATION_LOCATION];
    if (!location)
      throw new DeclaredReadError(
        `the entity has no ${ANNOTATION_LOCATION} annotation to find "${pattern}" from`,
      );
    const { type, target } = parseLocationRef(location);
    let files: DeclaredFile[];
    if (type === 'url') files = await this.readUrl(target, pattern);
    else if (type === 'file')
      files = await this.readLocalFiles(target, pattern);
    else
      throw new DeclaredReadError(
        `the entity comes from a "${type}" location; declared files can be read from url and file locations`,
      );
    if (files.length > DECLARED_FILE_LIMITS.files)
      throw new DeclaredReadError(
        `"${pattern}" matches ${files.length} files; at most ${DECLARED_FILE_LIMITS.files} are read`,
      );
    return files.sort((a, b) => a.url.localeCompare(b.url));
  }

  private async readUrl(base: string, pattern: string) {
    const url = this.options.integrations.resolveUrl({ url: pattern, base });
    let found;
    try {
      found = await this.options.urlReader.search(url);
    } catch (error) {
      throw new DeclaredReadError(
        `could not read ${url}: ${(error as Error).message}`,
      );
    }
    const files: DeclaredFile[] = [];
    for (const file of found.files.slice(0, DECLARED_FILE_LIMITS.files + 1)) {
      files.push({
        url: file.url,
        content: sizeChecked(await file.content(), file.url),
      });
    }
    return files;
  }

  private async readLocalFiles(target: string, pattern: string) {
    let root: string;
    try {
      root = await fs.realpath(path.dirname(path.resolve(target)));
    } catch (error) {
      throw new DeclaredReadError(
        `could not open the folder of ${target}: ${
          (error as NodeJS.ErrnoException).code ?? (error as Error).message
        }`,
      );
    }
    const inside = (p: string) =>
      p === root || p.startsWith(`${root}${path.sep}`);
    const absolute = path.resolve(root, pattern);
    if (!inside(absolute))
      throw new DeclaredReadError(
        `"${pattern}" leaves the folder of the entity's catalog file`,
      );
    const relative = path.relative(root, absolute).split(path.sep).join('/');
    const paths = isGlob(relative) ? await walk(root, relative) : [absolute];
    const files: DeclaredFile[] = [];
    for (const file of paths.slice(0, DECLARED_FILE_LIMITS.files + 1)) {
      let buffer: Buffer;
      try {
        // A symbolic link could point outside the folder: the real path must stay inside.
        const real = await fs.realpath(file);
        if (!inside(real))
          throw new DeclaredReadError(
            `${path.relative(
              root,
              file,
            )} links outside the folder of the entity's catalog file`,
          );
        buffer = await fs.readFile(real);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
        if (error instanceof DeclaredReadError) throw error;
        throw new DeclaredReadError(
          `could not read ${path.relative(root, file)}: ${
            (error as NodeJS.ErrnoException).code ?? (error as Error).message
          }`,
        );
      }
      files.push({ url: `file:${file}`, content: sizeChecked(buffer, file) });
    }
    return files;
  }
}

function sizeChecked(buffer: Buffer, name: string): string {
  if (buffer.length > DECLARED_FILE_LIMITS.fileBytes)
    throw new DeclaredReadError(
      `${name} is larger than ${DECLARED_FILE_LIMITS.fileBytes / 1024} KiB`,
    );
  return buffer.toString('utf8');
}

/** The files below `root` matching the glob, breadth first, skipping VCS and dependency folders. */
async function walk(root: string, glob: string): Promise<string[]> {
  const start = path.join(root, staticPrefix(glob));
  const matched: string[] = [];
  const queue = [start];
  let seen = 0;
  while (queue.length) {
    const dir = queue.shift()!;
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw new DeclaredReadError(
        `could not list ${path.relative(root, dir) || '.'}: ${
          (error as NodeJS.ErrnoException).code ?? (error as Error).message
        }`,
      );
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (++seen > DECLARED_FILE_LIMITS.walkedEntries)
        throw new DeclaredReadError(
          `"${glob}" walks more than ${DECLARED_FILE_LIMITS.walkedEntries} entries; narrow the pattern`,
        );
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== '.git' && entry.name !== 'node_modules')
          queue.push(full);
      } else if (
        entry.isFile() &&
        globMatches(glob, path.relative(root, full).split(path.sep).join('/'))
      ) {
        matched.push(full);
      }
    }
  }
  return matched;
}
