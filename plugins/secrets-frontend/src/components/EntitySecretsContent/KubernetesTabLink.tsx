import { Link } from '@backstage/core-components';
import {
  createApiRef,
  useApiHolder,
  useRouteRef,
} from '@backstage/core-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import {
  entityRouteParams,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';

/**
 * The Kubernetes plugin's API, by its id: an app has it only when that plugin is installed,
 * and naming it by id spares this package a dependency on the Kubernetes plugin.
 */
const kubernetesApiRef = createApiRef<unknown>({
  id: 'plugin.kubernetes.service',
});

/** The annotations the Kubernetes plugin finds an entity's workloads by. */
const WORKLOAD_ANNOTATIONS = [
  'backstage.io/kubernetes-id',
  'backstage.io/kubernetes-label-selector',
];

/**
 * A link to the entity's Kubernetes tab (`/kubernetes` below the entity page, where that
 * plugin mounts it), shown only when the plugin is installed and the entity names its
 * workloads, so it never leads to a missing tab.
 */
export function KubernetesTabLink(props: { entity: Entity }) {
  const apis = useApiHolder();
  const annotations = props.entity.metadata.annotations ?? {};
  if (!apis.get(kubernetesApiRef)) return null;
  if (!WORKLOAD_ANNOTATIONS.some(a => annotations[a])) return null;
  return <EntityKubernetesLink entity={props.entity} />;
}

/** Apart, so the entity route is resolved only in apps that have the Kubernetes tab. */
function EntityKubernetesLink(props: { entity: Entity }) {
  const entityRoute = useRouteRef(entityRouteRef);
  return (
    <Link to={`${entityRoute(entityRouteParams(props.entity))}/kubernetes`}>
      Workloads in the Kubernetes tab
    </Link>
  );
}
