/**
 * Response body of `GET /api/secrets/health`.
 *
 * @public
 */
export type SecretsHealth = {
  status: 'ok';
};
