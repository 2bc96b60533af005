import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import request from 'supertest';
import { secretsPlugin } from './plugin';

describe('secretsPlugin', () => {
  // The mock httpAuth treats header-less requests as a signed-in user by
  // default; make them anonymous so the auth policy is what is tested.
  const anonymous = mockServices.httpAuth.factory({
    defaultCredentials: mockCredentials.none(),
  });

  it('answers /api/secrets/health without credentials', async () => {
    const { server } = await startTestBackend({
      features: [secretsPlugin, anonymous],
    });

    const res = await request(server).get('/api/secrets/health');

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('refuses anonymous callers on every other route', async () => {
    const { server } = await startTestBackend({
      features: [secretsPlugin, anonymous],
    });

    const res = await request(server).get('/api/secrets/not-health');

    expect(res.status).toBe(401);
  });
});
