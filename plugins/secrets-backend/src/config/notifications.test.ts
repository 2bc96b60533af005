import { ConfigReader } from '@backstage/config';
import { readSecretsConfig } from './readSecretsConfig';

const read = (notifications: unknown) =>
  readSecretsConfig(new ConfigReader({ secrets: { notifications } } as any))
    .notifications;

describe('secrets.notifications', () => {
  it('has a default for every key, and leaves enabled to the plugin', () => {
    expect(readSecretsConfig(new ConfigReader({})).notifications).toEqual({
      enabled: undefined,
      intervalMs: 60_000,
      grace: { failures: 3, durationMs: 600_000 },
      expiryWindowMs: 86_400_000,
      summaryThreshold: 5,
    });
  });

  it('reads every key', () => {
    expect(
      read({
        enabled: 'false',
        interval: '10s',
        grace: { failures: 1, duration: '0s' },
        expiryWindow: '2h',
        summaryThreshold: '20',
      }),
    ).toEqual({
      enabled: false,
      intervalMs: 10_000,
      grace: { failures: 1, durationMs: 0 },
      expiryWindowMs: 7_200_000,
      summaryThreshold: 20,
    });
  });

  it.each([
    [
      { enabled: 'yes' },
      'secrets.notifications.enabled: must be true or false',
    ],
    [
      { interval: '1s' },
      'secrets.notifications.interval: must be from 5s to 1h',
    ],
    [{ interval: 60 }, 'secrets.notifications.interval: must be a Go duration'],
    [
      { grace: { failures: 0 } },
      'secrets.notifications.grace.failures: must be a whole number from 1 to 1000',
    ],
    [
      { grace: { duration: '200h' } },
      'secrets.notifications.grace.duration: must be from 0s to 168h',
    ],
    [{ grace: { tries: 2 } }, 'secrets.notifications.grace.tries: unknown key'],
    [
      { expiryWindow: '10s' },
      'secrets.notifications.expiryWindow: must be from 1m to 2160h (90 days)',
    ],
    [
      { summaryThreshold: 1 },
      'secrets.notifications.summaryThreshold: must be a whole number from 2 to 10000',
    ],
    [{ threshold: 3 }, 'secrets.notifications.threshold: unknown key'],
  ])('rejects %j', (notifications, message) => {
    expect(() => read(notifications)).toThrow(message);
  });
});
