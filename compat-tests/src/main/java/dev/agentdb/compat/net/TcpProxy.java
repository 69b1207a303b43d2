package dev.agentdb.compat.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder on loopback for outage tests: every connection accepted on {@link #port()} is
 * connected to the upstream server and pumped both ways by two threads. {@link #close()} is the
 * outage: it closes the listener (new connections are refused) and resets every live connection on
 * both sides (SO_LINGER 0, so the client reads a reset, as when a server dies). A new proxy on the
 * same port ends the outage. An optional latency delays every chunk sent upstream, like a server
 * across a network, so that a test can act while a client is half-way through its work.
 */
public final class TcpProxy implements AutoCloseable {
    private static final int UPSTREAM_CONNECT_TIMEOUT_MS = 5_000;

    private final ServerSocket listener;
    private final InetSocketAddress upstream;
    private final long latencyMs;
    private final Set<Socket> live = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private volatile boolean frozen;

    private TcpProxy(ServerSocket listener, InetSocketAddress upstream, long latencyMs) {
        this.listener = listener;
        this.upstream = upstream;
        this.latencyMs = latencyMs;
    }

    /**
     * Starts forwarding without added latency.
     *
     * @param port the local port on 127.0.0.1, or 0 for an ephemeral one
     * @param upstreamHost the server's host
     * @param upstreamPort the server's port
     * @return the running proxy
     * @throws IOException when the port cannot be bound
     */
    public static TcpProxy start(int port, String upstreamHost, int upstreamPort) throws IOException {
        return start(port, upstreamHost, upstreamPort, 0);
    }

    /**
     * Starts forwarding.
     *
     * @param port the local port on 127.0.0.1, or 0 for an ephemeral one
     * @param upstreamHost the server's host
     * @param upstreamPort the server's port
     * @param latencyMs delay before each chunk is forwarded upstream, in ms (0 for none)
     * @return the running proxy
     * @throws IOException when the port cannot be bound
     */
    public static TcpProxy start(int port, String upstreamHost, int upstreamPort, long latencyMs) throws IOException {
        ServerSocket listener = new ServerSocket();
        listener.setReuseAddress(true); // rebinding the same port while old connections linger in TIME_WAIT
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        TcpProxy proxy = new TcpProxy(listener, new InetSocketAddress(upstreamHost, upstreamPort), latencyMs);
        Thread acceptor = new Thread(proxy::acceptLoop, "tcp-proxy-accept-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
        return proxy;
    }

    /** @return the local port */
    public int port() {
        return listener.getLocalPort();
    }

    /** @return the number of live forwarded connections (each counts its two sockets once) */
    public int connections() {
        return live.size() / 2;
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            Socket server = new Socket();
            try {
                client.setTcpNoDelay(true); // no Nagle delay on forwarded small messages (a round trip each)
                server.setTcpNoDelay(true);
                server.connect(upstream, UPSTREAM_CONNECT_TIMEOUT_MS);
            } catch (IOException e) {
                reset(client);
                reset(server);
                continue;
            }
            live.add(client);
            live.add(server);
            if (closed) { // close() ran between accept and registration
                reset(client);
                reset(server);
                return;
            }
            pump(client, server, "up", latencyMs);
            pump(server, client, "down", 0);
        }
    }

    private void pump(Socket from, Socket to, String direction, long delayMs) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (delayMs > 0) {
                        Thread.sleep(delayMs);
                    }
                    while (frozen && !closed) {
                        Thread.sleep(10);
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // a side closed or reset: end the connection
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                reset(from);
                reset(to);
            }
        }, "tcp-proxy-" + direction + "-" + from.getPort());
        t.setDaemon(true);
        t.start();
    }

    private void reset(Socket s) {
        live.remove(s);
        try {
            if (!s.isClosed()) {
                s.setSoLinger(true, 0);
            }
        } catch (IOException e) {
            // closing anyway
        }
        try {
            s.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    /**
     * The other kind of outage, a network partition: every connection stays open but nothing is
     * forwarded any more, in either direction (new connections are accepted and hang too), until
     * {@link #close()}.
     */
    public void freeze() {
        frozen = true;
    }

    /** The outage: refuses new connections and resets every live one. Idempotent. */
    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            // nothing to do
        }
        for (Socket s : live) {
            reset(s);
        }
    }
}
