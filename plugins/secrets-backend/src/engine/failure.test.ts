import { describeFailure, ConfigurationError } from './failure';
import { ApplyRefusedError } from './applySecret';

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

  it('does not trust the message of an unexpected error into a status', () => {
    const failure = describeFailure(
      new TypeError('cannot read "canary-value-123"'),
    );
    expect(failure.reason).toBe('InternalError');
    expect(JSON.stringify(failure)).not.toContain('canary-value-123');
  });
});
