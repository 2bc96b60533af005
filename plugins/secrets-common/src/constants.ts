/**
 * The plugin ID shared by the secrets frontend and backend plugins; the
 * backend is mounted at `/api/secrets`.
 *
 * @public
 */
export const SECRETS_PLUGIN_ID = 'secrets';
