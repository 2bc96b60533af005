import type { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  secretsAuditPermission,
  secretsMappingCreatePermission,
  secretsMappingReadPermission,
  secretsMappingRotatePermission,
} from '@backstage-secrets/plugin-secrets-common';
import { decideFor, secretsPolicyDecision } from './secretsPolicy';

const admins = ['group:default/platform-admins'];
const alice = ['user:default/alice', 'group:default/Team-Payments'];
const dave = ['user:default/dave', 'group:default/platform-admins'];

const entity = (owner: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments-api', namespace: 'default' },
  spec: { owner },
});

describe('secretsPolicyDecision', () => {
  it('leaves every other permission to the rest of the policy', () => {
    const other = { ...secretsAuditPermission, name: 'catalog.entity.read' };
    expect(secretsPolicyDecision(other, alice, { admins })).toBeUndefined();
  });

  it('lets admins audit and change anything, and refuses the audit to others', () => {
    expect(
      secretsPolicyDecision(secretsAuditPermission, dave, { admins }),
    ).toEqual({ result: AuthorizeResult.ALLOW });
    expect(
      secretsPolicyDecision(secretsMappingRotatePermission, dave, { admins }),
    ).toEqual({ result: AuthorizeResult.ALLOW });
    expect(
      secretsPolicyDecision(secretsAuditPermission, alice, { admins }),
    ).toEqual({ result: AuthorizeResult.DENY });
  });

  it('lets everyone read, and owners change, as the catalog’s owner condition', () => {
    expect(
      secretsPolicyDecision(secretsMappingReadPermission, [], { admins }),
    ).toEqual({ result: AuthorizeResult.ALLOW });
    expect(
      secretsPolicyDecision(secretsMappingCreatePermission, alice, { admins }),
    ).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        resourceType: 'catalog-entity',
        params: {
          claims: ['user:default/alice', 'group:default/team-payments'],
        },
      },
    });
    expect(
      secretsPolicyDecision(secretsMappingCreatePermission, [], { admins }),
    ).toEqual({ result: AuthorizeResult.DENY });
  });
});

describe('decideFor', () => {
  const create = (refs: string[]) =>
    secretsPolicyDecision(secretsMappingCreatePermission, refs, { admins });

  it('evaluates the owner condition against the entity', () => {
    expect(decideFor(create(alice), entity('group:team-payments'))).toBe(true);
    expect(decideFor(create(alice), entity('group:team-search'))).toBe(false);
    expect(decideFor(create(alice), undefined)).toBe(false);
    expect(decideFor(create(dave), entity('group:team-search'))).toBe(true);
  });

  it('combines conditions, and never allows on a rule it does not know', () => {
    const owns = create(alice);
    if (owns?.result !== AuthorizeResult.CONDITIONAL) throw new Error('x');
    const payments = entity('group:team-payments');
    const unknown = {
      rule: 'HAS_LABEL',
      resourceType: 'catalog-entity',
      params: {},
    };
    const withCriteria = (conditions: any) => ({ ...owns, conditions });
    expect(decideFor(withCriteria({ not: owns.conditions }), payments)).toBe(
      false,
    );
    expect(
      decideFor(withCriteria({ anyOf: [unknown, owns.conditions] }), payments),
    ).toBe(true);
    expect(
      decideFor(withCriteria({ allOf: [unknown, owns.conditions] }), payments),
    ).toBe(false);
  });
});
