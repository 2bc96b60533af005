import type { HealthProblem } from '@backstage-secrets/plugin-secrets-common';
import { Box, Typography } from '@material-ui/core';

/**
 * One store's or cluster's health as a line: "healthy", or each problem in words with
 * what to do about it underneath — the cause is meant to be fixed from this text alone.
 */
export function HealthLine(props: {
  /** `Store local-kv2`, `Cluster local`. */
  label: string;
  problems: HealthProblem[];
  /** Shown after "healthy", e.g. `(Vault 1.21.0)`. */
  detail?: string;
}) {
  const { label, problems, detail } = props;
  if (problems.length === 0)
    return (
      <Typography variant="body2">
        {label}: healthy{detail ? ` ${detail}` : ''}
      </Typography>
    );
  return (
    <Box>
      {problems.map(p => (
        <Box key={`${p.cause}:${p.message}`} mb={0.5}>
          <Typography variant="body2" color="error">
            {label}: {p.message}
          </Typography>
          <Typography variant="caption" color="textSecondary" component="div">
            What to do: {p.action}
          </Typography>
        </Box>
      ))}
    </Box>
  );
}
