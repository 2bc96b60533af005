export {
  fromExternalSecret,
  fromExternalSecretManifest,
  type ImportResult,
} from './fromExternalSecret';
export { toExternalSecret, toExternalSecrets } from './toExternalSecret';
