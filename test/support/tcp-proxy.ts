import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP hop between the app and a server (PostgreSQL, Temporal) that the test can cut: every open connection is
 * dropped and new ones are refused until it is restored — the server "blips" without being touched; or it can hold
 * the server's replies back, so the server acts and the caller hears nothing in time.
 */
export class TcpProxy {
  private server: Server;
  private sockets = new Set<Socket>();
  private cut = false;
  /** Replies held back while `holdReplies` is on: each with the socket it is for. */
  private held: [Socket, Buffer][] | undefined;

  private constructor(
    private readonly target: { host: string; port: number },
    readonly port: number,
    server: Server,
  ) {
    this.server = server;
  }

  static async start(target: { host: string; port: number }): Promise<TcpProxy> {
    let proxy: TcpProxy | undefined;
    const server = createServer((client) => proxy?.accept(client));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (!address || typeof address === 'string') throw new Error('proxy did not bind');
    proxy = new TcpProxy(target, address.port, server);
    return proxy;
  }

  private accept(client: Socket) {
    if (this.cut) {
      client.destroy();
      return;
    }
    const upstream = connect(this.target.port, this.target.host);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => socket.destroy());
    }
    client.pipe(upstream);
    upstream.on('data', (chunk: Buffer) => (this.held ? this.held.push([client, chunk]) : client.write(chunk)));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  }

  disconnect() {
    this.cut = true;
    for (const socket of this.sockets) socket.destroy();
  }

  /**
   * Requests still reach the server, its replies wait here until `releaseReplies`: a server that acted but whose
   * answer comes too late for the caller's deadline.
   */
  holdReplies() {
    this.held ??= [];
  }

  releaseReplies() {
    const held = this.held ?? [];
    this.held = undefined;
    for (const [socket, chunk] of held) if (!socket.destroyed) socket.write(chunk);
  }

  restore() {
    this.cut = false;
  }

  async close() {
    this.disconnect();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
