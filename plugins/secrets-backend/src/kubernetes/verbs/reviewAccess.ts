import { call, GatewayContext } from '../call';
import type { AccessReview } from '../types';

/**
 * Asks the API server, as the engine, whether it may do each of `reviews` in `namespace`
 * (a SelfSubjectAccessReview each; every authenticated identity may create those). The
 * answer comes from whatever authorizer the cluster runs, so a missing RoleBinding shows
 * before a sync fails on it. Any failure of the request itself is a ClusterError.
 */
export async function reviewAccess(
  ctx: GatewayContext,
  namespace: string,
  reviews: AccessReview[],
): Promise<boolean[]> {
  return Promise.all(
    reviews.map(async ({ group, resource, verb }) => {
      const review = await call(
        ctx,
        { verb: `review ${verb} ${resource}`, namespace },
        c =>
          c.authorization.createSelfSubjectAccessReview({
            body: {
              apiVersion: 'authorization.k8s.io/v1',
              kind: 'SelfSubjectAccessReview',
              spec: {
                resourceAttributes: { namespace, group, resource, verb },
              },
            },
          }),
      );
      return review.status?.allowed === true;
    }),
  );
}
