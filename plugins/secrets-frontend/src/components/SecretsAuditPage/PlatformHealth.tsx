import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { Box, Button, Typography } from '@material-ui/core';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { secretsApiRef } from '../../api';
import { HealthLine } from '../shared/HealthProblems';
import { relativeTime } from '../shared/time';

/**
 * Every store and cluster as the last health check found it, for the platform team: each
 * problem in words with what to do (a policy path to grant, a RoleBinding to apply), and
 * when it was checked. Problems of other teams' prefixes and namespaces show here too.
 */
export function PlatformHealth() {
  const secretsApi = useApi(secretsApiRef);
  const state = useAsyncRetry(async () => {
    const [stores, clusters] = await Promise.all([
      secretsApi.listStores(),
      secretsApi.listClusters(),
    ]);
    return { stores, clusters };
  }, [secretsApi]);
  const unhealthy = state.value
    ? [...state.value.stores, ...state.value.clusters].filter(
        x => !x.health.healthy,
      ).length
    : 0;
  return (
    <InfoCard
      title="Stores and clusters"
      subheader={
        state.value &&
        (unhealthy
          ? `${unhealthy} need attention`
          : 'All healthy: the engine can log in, read and write what the mappings need')
      }
      action={
        <Button size="small" onClick={state.retry} disabled={state.loading}>
          Check again
        </Button>
      }
    >
      {state.loading && <Progress />}
      {state.error && <ResponseErrorPanel error={state.error} />}
      {state.value && (
        <Box aria-label="Store and cluster health">
          {state.value.stores.map(s => (
            <Box key={`store:${s.name}`} mb={1}>
              <HealthLine
                label={`Store ${s.name}`}
                problems={s.health.problems}
                detail={
                  s.health.version ? `(Vault ${s.health.version})` : undefined
                }
              />
              <Typography variant="caption" color="textSecondary">
                checked {relativeTime(s.health.checkedAt)}
              </Typography>
            </Box>
          ))}
          {state.value.clusters.map(c => (
            <Box key={`cluster:${c.name}`} mb={1}>
              <HealthLine
                label={`Cluster ${c.name}`}
                problems={c.health.problems}
                detail={
                  c.health.version
                    ? `(Kubernetes ${c.health.version})`
                    : undefined
                }
              />
              <Typography variant="caption" color="textSecondary">
                checked {relativeTime(c.health.checkedAt)}
                {c.health.namespaces.length
                  ? `; RBAC in ${c.health.namespaces.join(', ')}`
                  : ''}
              </Typography>
            </Box>
          ))}
        </Box>
      )}
    </InfoCard>
  );
}
