package io.github.chattck.fakeserver.internal;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP/1.1 listener: one acceptor thread, one pooled thread per open connection (never one per frame), each
 * serving that connection's requests one after the other (keep-alive). Closing it closes every connection, which
 * ends in-flight exchanges at once.
 */
public final class WireServer implements Closeable {
    /** Serves one request on a connection. */
    @FunctionalInterface
    public interface Handler {
        /**
         * Answers one request. Any exception closes the connection.
         *
         * @param connection the connection, to write the answer on
         * @param head       the request head
         * @param body       the request body
         * @return true if the connection may serve another request
         * @throws IOException if the connection fails
         */
        boolean serve(Connection connection, HttpRequestHead head, byte[] body) throws IOException;
    }

    private static final AtomicInteger SERVERS = new AtomicInteger();

    private final ServerSocket listener;
    private final Handler handler;
    private final ExecutorService connections;
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean closing;

    /**
     * Binds and starts accepting.
     *
     * @param host    the address to listen on
     * @param port    the port, 0 for any free port
     * @param handler serves requests
     * @throws IOException if the address cannot be bound
     */
    public WireServer(InetAddress host, int port, Handler handler) throws IOException {
        this.handler = handler;
        this.listener = new ServerSocket();
        listener.setReuseAddress(true);
        listener.bind(new InetSocketAddress(host, port), 128);
        int id = SERVERS.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        this.connections = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "chat-tck-fake-server-" + id + "-conn-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.acceptor = new Thread(this::acceptLoop, "chat-tck-fake-server-" + id + "-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * The bound port.
     *
     * @return the port
     */
    public int port() {
        return listener.getLocalPort();
    }

    /**
     * Whether {@link #close()} has begun.
     *
     * @return true when closing
     */
    public boolean isClosing() {
        return closing;
    }

    private void acceptLoop() {
        while (!closing) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                if (closing) {
                    return;
                }
                continue; // a failed accept (e.g. the client reset at once) concerns that client only
            }
            try {
                Connection connection = new Connection(socket);
                open.add(connection);
                if (closing) {
                    connection.close();
                }
                connections.execute(() -> serveConnection(connection));
            } catch (IOException | java.util.concurrent.RejectedExecutionException e) {
                closeQuietly(socket);
            }
        }
    }

    private void serveConnection(Connection connection) {
        try {
            while (!closing) {
                HttpRequestHead head;
                byte[] body;
                try {
                    head = connection.readRequestHead();
                    if (head == null) {
                        return;
                    }
                    body = connection.readBody(head);
                } catch (BadHttpException e) {
                    answerBadHttp(connection, e.getMessage());
                    return;
                }
                if (!handler.serve(connection, head, body) || !head.keepAlive()) {
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the client went away or the server is closing: the handler has journaled what it was doing
        } finally {
            open.remove(connection);
            connection.close();
        }
    }

    private static void answerBadHttp(Connection connection, String problem) {
        byte[] body = DialectCodec.of(io.github.chattck.fakeserver.Dialect.OPENAI_CHAT_COMPLETIONS)
                .errorBody(400, "chat-tck fake server: bad HTTP request: " + problem, null, null);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        headers.put("content-length", Integer.toString(body.length));
        headers.put("connection", "close");
        try {
            connection.writeHead(400, "Bad Request", headers);
            connection.writeRaw(body);
        } catch (IOException ignored) {
            // the client is gone already
        }
    }

    /**
     * Stops accepting, closes every connection (in-flight exchanges end at once) and waits for their threads.
     */
    @Override
    public void close() {
        closing = true;
        closeQuietly(listener);
        for (Connection c : open) {
            c.close();
        }
        connections.shutdown();
        try {
            if (!connections.awaitTermination(5, TimeUnit.SECONDS)) {
                connections.shutdownNow();
            }
            acceptor.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
