import net from 'node:net';

/** A loopback TCP proxy that a test takes down, brings back and stalls. */
export interface TcpProxy {
  /** The port it listens on: the same after each `restore()`. */
  port: number;
  /** `<scheme>://127.0.0.1:<port>`, the target's scheme (https for the stack's Vault; http for a bare `host:port`). */
  url: string;
  /** Stops listening and destroys open connections: clients get ECONNREFUSED. */
  cut(): Promise<void>;
  /** Listens again on the same port. */
  restore(): Promise<void>;
  /** Keeps connections open but forwards nothing: calls hang until `release()`. */
  hold(): void;
  /** Forwards again what `hold()` kept back, in order. */
  release(): void;
  /** Connections accepted so far (to prove clients went through it). */
  accepted(): number;
  close(): Promise<void>;
}

/**
 * A TCP proxy on a free 127.0.0.1 port to `target` (`host:port`, or a URL). It passes
 * bytes through, so TLS stays end to end and a certificate for 127.0.0.1 still verifies:
 * the target's outage, for one client, while the server runs on for everyone else.
 */
export async function startTcpProxy(target: string): Promise<TcpProxy> {
  const url = new URL(target.includes('://') ? target : `tcp://${target}`);
  const { hostname } = url;
  const targetPort = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;
  let port = 0;
  let held = false;
  let count = 0;

  /** Bytes of `from` to `to`, stopped (not dropped) while held. */
  const forward = (from: net.Socket, to: net.Socket) => {
    from.on('data', chunk => {
      if (!to.write(chunk)) from.pause();
    });
    to.on('drain', () => {
      if (!held) from.resume();
    });
    from.on('end', () => to.end());
  };

  const accept = (client: net.Socket) => {
    count++;
    const upstream = net.connect(targetPort, hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      if (held) socket.pause();
      socket.on('error', () => undefined);
      socket.on('close', () => {
        sockets.delete(client);
        sockets.delete(upstream);
        client.destroy();
        upstream.destroy();
      });
    }
    forward(client, upstream);
    forward(upstream, client);
  };

  const listenOnce = (next: net.Server, on: number) =>
    new Promise<void>((resolve, reject) => {
      next.once('error', reject);
      next.listen(on, '127.0.0.1', () => {
        next.off('error', reject);
        resolve();
      });
    });

  const listen = async () => {
    const next = net.createServer(accept);
    // The port may be briefly busy after a cut; nothing else should take it on loopback.
    for (let attempt = 0; ; attempt++) {
      try {
        await listenOnce(next, port);
        break;
      } catch (error) {
        if (attempt >= 20) throw error;
        await new Promise(r => setTimeout(r, 100));
      }
    }
    server = next;
    port = (next.address() as net.AddressInfo).port;
  };

  const cut = async () => {
    const closing = server;
    server = undefined;
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    if (closing) await new Promise(resolve => closing.close(resolve));
  };

  await listen();
  return {
    port,
    url: `${url.protocol === 'https:' ? 'https' : 'http'}://127.0.0.1:${port}`,
    cut,
    restore: () => (server ? Promise.resolve() : listen()),
    hold() {
      held = true;
      for (const socket of sockets) socket.pause();
    },
    release() {
      held = false;
      for (const socket of sockets) socket.resume();
    },
    accepted: () => count,
    close: cut,
  };
}
