import { useCallback, useState } from 'react';
import { SecretsApiError } from '../api';

/**
 * One call of a dialog at a time: `busy` while it runs, and its failure as a
 * {@link SecretsApiError} (with the field issues a form shows next to each field).
 * `run` resolves to the action's result, or undefined when it failed.
 */
export function useSecretsAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<SecretsApiError>();
  const run = useCallback(async <T>(action: () => Promise<T>) => {
    setBusy(true);
    setError(undefined);
    try {
      return await action();
    } catch (e) {
      setError(SecretsApiError.from(e));
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  const clearError = useCallback(() => setError(undefined), []);
  return { busy, error, setError, clearError, run };
}
