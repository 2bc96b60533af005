import { Link } from '@backstage/core-components';
import type { MappingSource } from '@backstage-secrets/plugin-secrets-common';
import { Box, Chip, Tooltip, Typography } from '@material-ui/core';

/** The file's name for display; the whole location is in the link or tooltip. */
export const fileName = (url: string) =>
  url
    .replace(/[?#].*$/, '')
    .split('/')
    .filter(Boolean)
    .pop() ?? url;

/** A link to a declared file when it is a web address; a file location shows its path. */
export function DeclaredFileLink({ url }: { url: string }) {
  const name = fileName(url);
  return /^https?:\/\//.test(url) ? (
    <Link to={url}>{name}</Link>
  ) : (
    <Tooltip title={url}>
      <Typography variant="caption">{name}</Typography>
    </Tooltip>
  );
}

/** "managed in Git" and the file a declared mapping comes from. */
export function SourceLink({ source }: { source: MappingSource }) {
  return (
    <Box display="flex" alignItems="center" style={{ gap: 4 }}>
      <Chip size="small" variant="outlined" label="managed in Git" />
      <DeclaredFileLink url={source.url} />
    </Box>
  );
}
