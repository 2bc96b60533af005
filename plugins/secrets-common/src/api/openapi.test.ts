import type { MappingSpec } from '../mapping/types';
import type { SecretsApiComponents } from './openapi.generated';

type Schemas = SecretsApiComponents['schemas'];
/** `true` only when each type is assignable to the other. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

// Checked by the type checker, which the test command runs: the domain type that the
// validator produces and the OpenAPI document's shape must describe the same values.
const specAgrees: Same<MappingSpec, Schemas['MappingSpec']> = true;

describe('the OpenAPI document and the domain types', () => {
  it('describe the same mapping spec', () => {
    expect(specAgrees).toBe(true);
  });
});
