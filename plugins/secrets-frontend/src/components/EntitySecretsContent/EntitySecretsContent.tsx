import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { getEntityKubernetesNamespace } from '@internal/plugin-secrets-common';
import { Grid, Typography } from '@material-ui/core';
import useAsync from 'react-use/esm/useAsync';
import { secretsApiRef } from '../../api';

function BackendHealth() {
  const secretsApi = useApi(secretsApiRef);
  const { value, loading, error } = useAsync(
    () => secretsApi.getHealth(),
    [secretsApi],
  );

  if (loading) {
    return <Progress />;
  }
  if (error) {
    return (
      <ResponseErrorPanel title="Secrets backend unavailable" error={error} />
    );
  }
  return (
    <Typography variant="body1">Secrets backend: {value?.status}</Typography>
  );
}

/**
 * The Secrets tab of an entity page: the entity's Kubernetes namespace and,
 * later, its Vault-to-Kubernetes secret mappings.
 *
 * @public
 */
export const EntitySecretsContent = () => {
  const { entity } = useEntity();
  const namespace = getEntityKubernetesNamespace(entity);

  return (
    <Grid container spacing={3} direction="column">
      <Grid item>
        <InfoCard title="Secrets">
          <Typography variant="body1" gutterBottom>
            Kubernetes namespace:{' '}
            {namespace ? (
              <code>{namespace}</code>
            ) : (
              <em>
                not set (add the backstage.io/kubernetes-namespace annotation)
              </em>
            )}
          </Typography>
          <BackendHealth />
          <Typography variant="body2" color="textSecondary">
            The Vault-to-Kubernetes secret mappings of this entity will appear
            here.
          </Typography>
        </InfoCard>
      </Grid>
    </Grid>
  );
};
