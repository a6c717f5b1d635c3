/**
 * The gateway half of the fake Discord (ws): HELLO with a heartbeat interval short enough that
 * heartbeats run in tests, IDENTIFY → READY, heartbeat ACK, dispatches with sequence numbers,
 * and the reconnect paths Discord uses: RECONNECT (op 7, the client resumes), INVALID_SESSION
 * (op 9, resumable or not) and RESUME (op 6), which replays what the client missed and ends with
 * RESUMED. A RESUME for an unknown session is answered, as Discord does, with op 9 `false`.
 */
import type { WebSocket, WebSocketServer } from 'ws';

export interface GatewayOptions {
  heartbeatIntervalMs: number;
  /** The READY payload for a new session, given its session id. */
  ready(sessionId: string): Record<string, unknown>;
  /** Dispatched right after READY (GUILD_CREATE). */
  afterReady(): { t: string; d: unknown }[];
  resumeUrl(): string;
}

export class FakeGateway {
  /** IDENTIFY payloads received. */
  readonly identifies: any[] = [];
  /** RESUME payloads received. */
  readonly resumes: any[] = [];
  /** Heartbeats received (each one is ACKed). */
  heartbeats = 0;
  private sockets = new Set<WebSocket>();
  /** The shard each connection identified as (IDENTIFY's `shard: [id, count]`). */
  private shardOf = new Map<WebSocket, number>();
  private seq = 0;
  private sessionId: string | null = null;
  private sessions = 0;
  /** Every dispatch of the current session, to replay after a RESUME. */
  private history: { s: number; payload: string }[] = [];
  private readyResolvers: (() => void)[] = [];
  private resumedResolvers: (() => void)[] = [];

  constructor(
    wss: WebSocketServer,
    private readonly options: GatewayOptions,
  ) {
    wss.on('connection', (ws) => this.accept(ws));
  }

  get connected(): boolean {
    return this.sockets.size > 0;
  }

  /** Resolves once a session is established (READY sent), now or later. */
  whenIdentified(): Promise<void> {
    if (this.sessionId && this.connected) return Promise.resolve();
    return new Promise((resolve) => this.readyResolvers.push(resolve));
  }

  /** Resolves at the next RESUMED. */
  whenResumed(): Promise<void> {
    return new Promise((resolve) => this.resumedResolvers.push(resolve));
  }

  /** Resolves at the next READY (a fresh IDENTIFY). */
  whenReadyAgain(): Promise<void> {
    return new Promise((resolve) => this.readyResolvers.push(resolve));
  }

  /**
   * Sends an event to the connected clients; with `shard`, only to the connection that identified
   * as that shard (a sharded bot runs one connection per shard, each in a process of its own).
   */
  dispatch(t: string, d: unknown, shard?: number): void {
    this.seq++;
    const payload = JSON.stringify({ op: 0, t, s: this.seq, d });
    this.history.push({ s: this.seq, payload });
    if (this.history.length > 1000) this.history.shift();
    for (const socket of this.sockets) if (shard === undefined || this.shardOf.get(socket) === shard) socket.send(payload);
  }

  /** The shard ids of the connected clients that identified (a client without sharding is shard 0). */
  connectedShards(): number[] {
    return [...this.sockets].flatMap((socket) => (this.shardOf.has(socket) ? [this.shardOf.get(socket)!] : []));
  }

  /** Discord asks the client to reconnect and resume (op 7), e.g. before a gateway restart. */
  requestReconnect(): void {
    for (const socket of this.sockets) socket.send(JSON.stringify({ op: 7, d: null }));
  }

  /** Discord invalidates the session (op 9); `resumable` says whether the client may RESUME. */
  invalidateSession(resumable: boolean): void {
    if (!resumable) this.forgetSession();
    for (const socket of this.sockets) socket.send(JSON.stringify({ op: 9, d: resumable }));
  }

  closeAll(): void {
    for (const socket of this.sockets) socket.terminate();
  }

  private forgetSession(): void {
    this.sessionId = null;
    this.history = [];
  }

  private accept(ws: WebSocket): void {
    this.sockets.add(ws);
    ws.on('close', () => {
      this.sockets.delete(ws);
      this.shardOf.delete(ws);
    });
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: this.options.heartbeatIntervalMs } }));
    ws.on('message', (raw) => {
      const payload = JSON.parse(raw.toString()) as { op: number; d: any };
      if (payload.op === 1) {
        this.heartbeats++;
        ws.send(JSON.stringify({ op: 11 }));
      } else if (payload.op === 2) this.identify(ws, payload.d);
      else if (payload.op === 6) this.resume(ws, payload.d);
    });
  }

  private identify(ws: WebSocket, identify: any): void {
    this.identifies.push(identify);
    this.shardOf.set(ws, Array.isArray(identify?.shard) ? Number(identify.shard[0]) : 0);
    this.sessions++;
    this.forgetSession();
    this.sessionId = `fake-session-${this.sessions}`;
    this.seq = 0;
    this.seq++;
    ws.send(JSON.stringify({ op: 0, t: 'READY', s: this.seq, d: { ...this.options.ready(this.sessionId), resume_gateway_url: this.options.resumeUrl() } }));
    for (const event of this.options.afterReady()) this.dispatch(event.t, event.d);
    for (const resolve of this.readyResolvers.splice(0)) resolve();
  }

  private resume(ws: WebSocket, resume: any): void {
    this.resumes.push(resume);
    if (!this.sessionId || resume.session_id !== this.sessionId) {
      ws.send(JSON.stringify({ op: 9, d: false }));
      return;
    }
    for (const entry of this.history) if (entry.s > Number(resume.seq ?? 0)) ws.send(entry.payload);
    this.seq++;
    ws.send(JSON.stringify({ op: 0, t: 'RESUMED', s: this.seq, d: {} }));
    for (const resolve of this.resumedResolvers.splice(0)) resolve();
  }
}
