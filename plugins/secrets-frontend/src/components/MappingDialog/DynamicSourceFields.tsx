import { DYNAMIC_KEYS } from '@backstage-secrets/plugin-secrets-common';
import { Grid, TextField, Typography } from '@material-ui/core';
import type { DynamicFields, MappingForm } from './formModel';

/**
 * The fields of a dynamic source: the engine's role (and mount), and for certificates the
 * names, lifetime and how early to issue the next one.
 */
export function DynamicSourceFields(props: {
  form: MappingForm;
  update(change: Partial<MappingForm>): void;
  issueAt(path: string): string | undefined;
  /** Role patterns the store allows this entity, e.g. `database/creds/payments-*`. */
  allowed: string[];
}) {
  const { form, update, issueAt } = props;
  const engine = form.source === 'pki' ? 'pki' : 'database';
  const set = (change: Partial<DynamicFields>) =>
    update({ dynamic: { ...form.dynamic, ...change } });
  const text = (
    key: keyof DynamicFields,
    label: string,
    help: string,
    sm = 4,
  ) => (
    <Grid item xs={12} sm={sm as 4}>
      <TextField
        fullWidth
        label={label}
        value={form.dynamic[key]}
        onChange={e => set({ [key]: e.target.value })}
        error={Boolean(issueAt(`spec.dynamic.${key}`))}
        helperText={issueAt(`spec.dynamic.${key}`) ?? help}
        inputProps={{ 'aria-label': label }}
      />
    </Grid>
  );
  const patterns = props.allowed.filter(p =>
    p.includes(engine === 'pki' ? '/issue/' : '/creds/'),
  );
  return (
    <>
      <Grid item xs={12}>
        <Typography variant="subtitle2">
          {engine === 'pki' ? 'Certificate' : 'Database credentials'}
        </Typography>
        <Typography variant="caption" color="textSecondary">
          Vault issues these values for this Secret alone (keys{' '}
          {DYNAMIC_KEYS[engine].join(', ')}); the engine{' '}
          {engine === 'pki'
            ? 'issues the next certificate before this one expires'
            : 'renews the lease and issues new credentials before its max TTL'}
          , restarting the workloads below. Allowed here:{' '}
          {patterns.length ? patterns.join(', ') : 'none'}.
        </Typography>
        {issueAt('spec.dynamic') && (
          <Typography color="error" variant="body2">
            {issueAt('spec.dynamic')}
          </Typography>
        )}
      </Grid>
      {text(
        'role',
        'Role',
        `${engine === 'pki' ? 'pki/issue' : 'database/creds'}/<role>`,
      )}
      {text('mount', 'Engine mount', `default: ${engine}`)}
      {engine === 'database' &&
        text('renewAtPercent', 'Renew at (% of TTL)', 'default: 67')}
      {engine === 'pki' && (
        <>
          {text('commonName', 'Common name', 'e.g. api.payments.svc')}
          {text('altNames', 'Alternative names', 'comma separated', 8)}
          {text('ttl', 'Lifetime', "e.g. 72h; default: the role's")}
          {text(
            'renewBefore',
            'Renew before expiry',
            'default: a third of the lifetime',
          )}
        </>
      )}
    </>
  );
}
