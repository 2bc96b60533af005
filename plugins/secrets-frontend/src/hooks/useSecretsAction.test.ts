import { act, renderHook } from '@testing-library/react';
import { SecretsApiError } from '../api';
import { useSecretsAction } from './useSecretsAction';

describe('useSecretsAction', () => {
  it('is busy while the call runs and returns its result', async () => {
    const { result } = renderHook(() => useSecretsAction());
    let finish: (value: string) => void = () => {};
    let answer: Promise<string | undefined> | undefined;
    act(() => {
      answer = result.current.run(
        () => new Promise<string>(resolve => (finish = resolve)),
      );
    });
    expect(result.current.busy).toBe(true);
    await act(async () => finish('done'));
    expect(await answer).toBe('done');
    expect(result.current.busy).toBe(false);
    expect(result.current.error).toBeUndefined();
  });

  it('keeps a failure with its field issues, and clears it on the next call', async () => {
    const { result } = renderHook(() => useSecretsAction());
    await act(async () => {
      expect(
        await result.current.run(() =>
          Promise.reject(
            new SecretsApiError(400, 'Invalid request', [
              { path: 'key', message: 'is required' },
            ]),
          ),
        ),
      ).toBeUndefined();
    });
    expect(result.current.error?.issueAt('key')).toBe('is required');
    expect(result.current.busy).toBe(false);

    await act(async () => {
      await result.current.run(() => Promise.reject(new Error('offline')));
    });
    // Anything thrown becomes an API error (status 0 when nothing answered).
    expect(result.current.error).toBeInstanceOf(SecretsApiError);
    expect(result.current.error?.status).toBe(0);

    await act(async () => {
      await result.current.run(async () => 'ok');
    });
    expect(result.current.error).toBeUndefined();
  });
});
