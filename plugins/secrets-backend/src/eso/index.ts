export { fromExternalSecret, type ImportResult } from './fromExternalSecret';
export { toExternalSecret, toExternalSecrets } from './toExternalSecret';
