export { fromExternalSecret, type ImportResult } from './fromExternalSecret';
export { toExternalSecret } from './toExternalSecret';
