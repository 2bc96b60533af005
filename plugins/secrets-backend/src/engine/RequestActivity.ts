import diagnostics from 'node:diagnostics_channel';
import type { ServerResponse } from 'node:http';

/** Node's channel for every request any HTTP server of the process receives. */
const REQUEST_START = 'http.server.request.start';
/** After a request ends, the backend still counts as in use for this long (ms). */
const QUIET_MS = 1_000;
/**
 * A request open longer than this (ms) is a stream or a long poll, idle most of its life:
 * counting it would keep the backend "in use" for as long as a browser tab stays open.
 */
const STREAM_MS = 10_000;

/**
 * Whether the backend is serving HTTP requests now, of any plugin: the engine only slows
 * down for the event loop's sake while someone waits for an answer. It listens on Node's
 * `http.server.request.start` diagnostics channel, so it needs no hook in any router.
 */
export class RequestActivity {
  private readonly open = new Map<ServerResponse, number>();
  private lastEnded = -Infinity;
  private listening = false;

  constructor(private readonly now: () => number = () => performance.now()) {}

  private readonly onRequest = (message: unknown) => {
    const response = (message as { response?: ServerResponse }).response;
    if (!response) return;
    this.open.set(response, this.now());
    // 'close' comes after the response is sent and after an aborted one alike.
    response.once('close', () => {
      if (!this.open.delete(response)) return; // begun before a stop()
      this.lastEnded = this.now();
    });
  };

  start(): void {
    if (this.listening) return;
    diagnostics.subscribe(REQUEST_START, this.onRequest);
    this.listening = true;
  }

  stop(): void {
    if (!this.listening) return;
    diagnostics.unsubscribe(REQUEST_START, this.onRequest);
    this.listening = false;
    this.open.clear();
    this.lastEnded = -Infinity;
  }

  /**
   * True while a request is open (for less than {@link STREAM_MS}) or ended less than
   * {@link QUIET_MS} ago: a user clicking through the portal sends requests in bursts.
   */
  busy(): boolean {
    const now = this.now();
    if (now - this.lastEnded < QUIET_MS) return true;
    for (const started of this.open.values())
      if (now - started < STREAM_MS) return true;
    return false;
  }
}
