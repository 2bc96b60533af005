import { describeFailure, ConfigurationError } from './failure';
import { ApplyRefusedError } from './applySecret';
import { DesiredSecretError } from './desired';

describe('describeFailure', () => {
  it('keeps the reason and message of the errors the engine raises on purpose', () => {
    expect(
      describeFailure(
        new ApplyRefusedError(
          'SecretNotOwned',
          'Secret payments/x exists and was not created by this mapping',
        ),
      ),
    ).toEqual({
      reason: 'SecretNotOwned',
      message: 'Secret payments/x exists and was not created by this mapping',
    });
    expect(
      describeFailure(
        new ConfigurationError(
          'StoreNotConfigured',
          'Store "x" is not configured',
        ),
      ),
    ).toEqual({
      reason: 'StoreNotConfigured',
      message: 'Store "x" is not configured',
    });
  });

  it('names each reason a mapping cannot build its Secret for once', () => {
    const reason = (r: DesiredSecretError['reason']) =>
      describeFailure(new DesiredSecretError('data[0]', r, 'detail')).reason;
    expect(reason('invalidKey')).toBe('InvalidSecretKey');
    expect(reason('property')).toBe('InvalidProperty');
    expect(reason('template')).toBe('InvalidTemplate');
    expect(reason('conflict')).toBe('SecretKeyConflict');
    expect(reason('notFound')).toBe('VaultSecretNotFound');
    expect(reason('tooLarge')).toBe('SecretTooLarge');
  });

  it('does not trust the message of an unexpected error into a status', () => {
    const failure = describeFailure(
      new TypeError('cannot read "canary-value-123"'),
    );
    expect(failure.reason).toBe('InternalError');
    expect(JSON.stringify(failure)).not.toContain('canary-value-123');
  });
});
