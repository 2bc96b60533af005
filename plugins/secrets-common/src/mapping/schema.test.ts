import {
  issuePath,
  issuePathSegments,
  mappingWriteRequestSchema,
  toValidationIssues,
} from './schema';

const spec = {
  store: 'kv',
  data: [{ secretKey: 'k', remoteRef: { key: 'a/b' } }],
  target: { clusters: ['local'], namespace: 'ns', name: 's' },
};

describe('mapping zod schemas', () => {
  it('accepts a valid body and returns the spec', () => {
    expect(mappingWriteRequestSchema.parse({ spec, revision: 2 })).toEqual({
      spec,
      revision: 2,
    });
  });

  it("reports the validator's issues with their field paths, plus envelope issues", () => {
    const result = mappingWriteRequestSchema.safeParse({
      spec: {
        ...spec,
        target: { ...spec.target, labels: { 'a/b': 'has space' } },
        data: [{ secretKey: 'k', remoteRef: { key: '../x' } }],
      },
      revision: 0,
      extra: true,
    });
    expect(result.success).toBe(false);
    const issues = toValidationIssues(result.error!);
    expect(issues.map(i => i.path).sort()).toEqual(
      [
        'extra',
        'revision',
        'spec.data[0].remoteRef.key',
        'spec.target.labels["a/b"]',
      ].sort(),
    );
    expect(
      issues.find(i => i.path === 'spec.data[0].remoteRef.key')!.message,
    ).toMatch(/no empty, "." or ".." segments/);
  });

  it.each([
    ['data[0].remoteRef.key', ['data', 0, 'remoteRef', 'key']],
    ['target.labels["a.b/c"]', ['target', 'labels', 'a.b/c']],
    [
      'target.template.data[".dockerconfigjson"]',
      ['target', 'template', 'data', '.dockerconfigjson'],
    ],
  ])('round-trips the path %s', (path, segments) => {
    expect(issuePathSegments(path)).toEqual(segments);
    expect(issuePath(segments)).toBe(path);
  });
});
