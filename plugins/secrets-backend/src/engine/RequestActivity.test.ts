import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { RequestActivity } from './RequestActivity';

/** A server whose requests stay open until `release()` answers them. */
async function holdingServer() {
  const held: http.ServerResponse[] = [];
  const server = http.createServer((_req, res) => {
    held.push(res);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    held,
    release: () => held.splice(0).forEach(res => res.end('ok')),
    close: () =>
      new Promise(resolve => {
        server.closeAllConnections();
        server.close(resolve);
      }),
  };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++)
    await new Promise(resolve => setTimeout(resolve, 5));
  expect(check()).toBe(true);
};

describe('RequestActivity', () => {
  let clock = 0;
  let activity: RequestActivity;
  let server: Awaited<ReturnType<typeof holdingServer>>;
  beforeEach(async () => {
    clock = 100_000;
    activity = new RequestActivity(() => clock);
    activity.start();
    server = await holdingServer();
  });
  afterEach(async () => {
    activity.stop();
    await server.close();
  });

  /** Resolves after the held response's 'close', which the tracker listens to first. */
  const closed = (res: http.ServerResponse) =>
    new Promise(resolve => res.once('close', resolve));

  it('is idle with no request, busy while one is open and for a second after it ends', async () => {
    expect(activity.busy()).toBe(false);
    const answered = fetch(server.url).then(r => r.text());
    await until(() => server.held.length === 1);
    expect(activity.busy()).toBe(true);
    clock += 5_000;
    expect(activity.busy()).toBe(true);
    const ended = closed(server.held[0]);
    server.release();
    expect(await answered).toBe('ok');
    await ended;
    clock += 999;
    expect(activity.busy()).toBe(true);
    clock += 2;
    expect(activity.busy()).toBe(false);
  });

  it('counts an aborted request as ended', async () => {
    const abort = new AbortController();
    const answered = fetch(server.url, { signal: abort.signal }).catch(
      () => 'aborted',
    );
    await until(() => server.held.length === 1);
    const ended = closed(server.held[0]);
    abort.abort();
    expect(await answered).toBe('aborted');
    await ended;
    // Still open, it would count for 10 s; ended, it counts for 1 s only.
    clock += 1_001;
    expect(activity.busy()).toBe(false);
  });

  it('does not count a request open for more than 10 s (a stream or long poll)', async () => {
    const answered = fetch(server.url)
      .then(r => r.text())
      .catch(() => 'closed');
    await until(() => server.held.length === 1);
    clock += 10_001;
    expect(activity.busy()).toBe(false);
    server.release();
    await answered;
  });

  it('sees nothing once stopped', async () => {
    activity.stop();
    const answered = fetch(server.url).then(r => r.text());
    await until(() => server.held.length === 1);
    expect(activity.busy()).toBe(false);
    server.release();
    await answered;
    expect(activity.busy()).toBe(false);
  });
});
