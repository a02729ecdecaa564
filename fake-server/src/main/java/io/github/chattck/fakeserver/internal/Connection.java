package io.github.chattck.fakeserver.internal;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * One client connection: reads HTTP/1.1 requests, writes responses (fixed length or chunked; a frame is flushed as
 * it is written, or buffered with the frames that follow it at once and sent in one socket write), and can wait for
 * a given time while watching for the client to go away. Used by one thread; {@link #close()} may be called from
 * another to end it.
 * <p>
 * Why not {@code com.sun.net.httpserver}: it hides the socket while a handler runs, so a handler that stalls or
 * waits between frames cannot see the client leave, and closing an exchange always writes the last chunk, so a
 * stream cannot be cut. Both are what this server is for.
 */
public final class Connection implements Closeable {
    private static final int MAX_LINE = 64 * 1024;
    private static final int MAX_HEADERS = 256;
    private static final int MAX_BODY = 64 * 1024 * 1024;
    private static final int MAX_BUFFER = 1024 * 1024;
    /** Buffered bytes are sent once they reach this many, so that coalesced frames keep flowing in a long answer. */
    private static final int SEND_AT = 32 * 1024;
    private static final int BODY_READ_TIMEOUT_MILLIS = 30_000;
    private static final long NANOS_PER_MILLI = 1_000_000L;
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream socketOut;
    private byte[] buffer = new byte[16 * 1024];
    private int pos;
    private int limit;
    /** Bytes to send: a head, chunks, or several of them for one socket write. */
    private byte[] sendBuffer = new byte[8 * 1024];
    private int pending;
    private volatile boolean closed;

    /**
     * Wraps an accepted socket (TCP_NODELAY set, so each flushed frame leaves at once).
     *
     * @param socket the socket
     * @throws IOException if its streams cannot be opened
     */
    public Connection(Socket socket) throws IOException {
        this.socket = socket;
        socket.setTcpNoDelay(true);
        this.in = socket.getInputStream();
        this.socketOut = socket.getOutputStream();
    }

    /**
     * Reads the next request's line and headers, waiting as long as the client keeps the connection idle.
     *
     * @return the head, or null if the client closed the connection between requests
     * @throws IOException        if reading fails
     * @throws BadHttpException   if the request is not HTTP/1.x
     */
    public HttpRequestHead readRequestHead() throws IOException {
        socket.setSoTimeout(0);
        String line;
        do {
            line = readLine(true);
            if (line == null) {
                return null;
            }
        } while (line.isEmpty()); // RFC 9112 2.2: ignore empty lines before the request line
        String[] parts = line.split(" ", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || !parts[2].startsWith("HTTP/1.")) {
            throw new BadHttpException("not an HTTP/1.x request line: \"" + abbreviate(line) + "\"");
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int count = 0; ; count++) {
            String header = readLine(false);
            if (header.isEmpty()) {
                break;
            }
            if (count >= MAX_HEADERS) {
                throw new BadHttpException("more than " + MAX_HEADERS + " headers");
            }
            int colon = header.indexOf(':');
            if (colon <= 0 || header.charAt(0) == ' ' || header.charAt(0) == '\t') {
                throw new BadHttpException("not a header field: \"" + abbreviate(header) + "\"");
            }
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            headers.computeIfAbsent(name, k -> new ArrayList<>(1)).add(header.substring(colon + 1).trim());
        }
        return new HttpRequestHead(parts[0], parts[1], parts[2], headers);
    }

    /**
     * Reads the request body (Content-Length or chunked), answering {@code Expect: 100-continue} first.
     *
     * @param head the request's head
     * @return the body, empty if none
     * @throws IOException      if reading fails
     * @throws BadHttpException if the framing is invalid or the body too large
     */
    public byte[] readBody(HttpRequestHead head) throws IOException {
        if ("100-continue".equalsIgnoreCase(head.header("expect"))) {
            append("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            flush();
        }
        socket.setSoTimeout(BODY_READ_TIMEOUT_MILLIS);
        try {
            String encoding = head.header("transfer-encoding");
            if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
                return readChunkedBody();
            }
            String length = head.header("content-length");
            if (length == null) {
                return new byte[0];
            }
            long n;
            try {
                n = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                throw new BadHttpException("Content-Length is not a number: \"" + abbreviate(length) + "\"");
            }
            if (n < 0 || n > MAX_BODY) {
                throw new BadHttpException("Content-Length " + n + " is out of range 0.." + MAX_BODY);
            }
            return readExactly((int) n);
        } catch (SocketTimeoutException e) {
            throw new BadHttpException("the request body did not arrive within " + BODY_READ_TIMEOUT_MILLIS + " ms");
        }
    }

    private byte[] readChunkedBody() throws IOException {
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(false);
            int semicolon = sizeLine.indexOf(';');
            String hex = (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim();
            int size;
            try {
                size = Integer.parseInt(hex, 16);
            } catch (NumberFormatException e) {
                throw new BadHttpException("not a chunk size: \"" + abbreviate(sizeLine) + "\"");
            }
            if (size < 0 || body.size() + (long) size > MAX_BODY) {
                throw new BadHttpException("chunked body larger than " + MAX_BODY + " bytes");
            }
            if (size == 0) {
                while (!readLine(false).isEmpty()) {
                    // trailer fields are ignored
                }
                return body.toByteArray();
            }
            body.write(readExactly(size));
            if (!readLine(false).isEmpty()) {
                throw new BadHttpException("a chunk is not followed by CRLF");
            }
        }
    }

    /**
     * Waits {@code nanos} while watching the connection: returns early, with true, if the client closes it.
     * Bytes the client sends meanwhile are kept for the next request. Sub-millisecond remainders are parked
     * without watching, so the wait is exact to the nanosecond.
     *
     * @param nanos how long to wait; {@link Long#MAX_VALUE} waits until the client or the server ends it
     * @return true if the client went away, false if the time passed
     * @throws IOException if the connection fails (e.g. the server closed it)
     */
    public boolean awaitClientGone(long nanos) throws IOException {
        boolean forever = nanos == Long.MAX_VALUE;
        long deadline = forever ? 0 : System.nanoTime() + nanos;
        while (true) {
            long left = forever ? Long.MAX_VALUE : deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            if (left < NANOS_PER_MILLI) {
                LockSupport.parkNanos(left);
                continue;
            }
            socket.setSoTimeout(forever ? 0 : (int) Math.min(Integer.MAX_VALUE, left / NANOS_PER_MILLI));
            try {
                if (limit - pos >= MAX_BUFFER) {
                    // a client that floods while we wait is still there: just wait out the time
                    LockSupport.parkNanos(Math.min(left, 10 * NANOS_PER_MILLI));
                } else if (fill() < 0) {
                    return true;
                }
            } catch (SocketTimeoutException timeUp) {
                // the time passed (up to the sub-millisecond remainder, parked above on the next turn)
            }
        }
    }

    /**
     * Writes a response head: status line and headers, and flushes it.
     *
     * @param status  the status code
     * @param reason  the reason phrase
     * @param headers the headers, in order
     * @throws IOException if the client went away
     */
    public void writeHead(int status, String reason, Map<String, String> headers) throws IOException {
        bufferHead(status, reason, headers);
        flush();
    }

    /**
     * Adds a response head to the bytes {@link #flush()} sends.
     *
     * @param status  the status code
     * @param reason  the reason phrase
     * @param headers the headers, in order
     * @throws IOException if the client went away (while sending a full buffer)
     */
    public void bufferHead(int status, String reason, Map<String, String> headers) throws IOException {
        StringBuilder head = new StringBuilder(256).append("HTTP/1.1 ").append(status).append(' ').append(reason).append("\r\n");
        for (Map.Entry<String, String> h : headers.entrySet()) {
            head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        head.append("\r\n");
        append(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * Writes bytes as they are and flushes (a fixed-length body, or a stream without chunked encoding).
     *
     * @param bytes the bytes
     * @throws IOException if the client went away
     */
    public void writeRaw(byte[] bytes) throws IOException {
        append(bytes);
        flush();
    }

    /**
     * Writes one chunk of a chunked body and flushes it: one socket write (with whatever was buffered before it).
     *
     * @param data the chunk's data, not empty
     * @throws IOException if the client went away
     */
    public void writeChunk(byte[] data) throws IOException {
        bufferChunk(data);
        flush();
    }

    /**
     * Adds one chunk of a chunked body to the bytes {@link #flush()} sends: for frames that follow each other at
     * once, where a socket write per frame would cost more than everything else the server does. A full buffer is
     * sent at once.
     *
     * @param data the chunk's data, not empty
     * @throws IOException if the client went away (while sending a full buffer)
     */
    public void bufferChunk(byte[] data) throws IOException {
        int digits = 1;
        for (int v = data.length >>> 4; v != 0; v >>>= 4) {
            digits++;
        }
        int size = digits + 2 + data.length + 2;
        reserve(size);
        for (int i = pending + digits - 1, v = data.length; i >= pending; i--, v >>>= 4) {
            sendBuffer[i] = HEX[v & 0xF];
        }
        sendBuffer[pending + digits] = '\r';
        sendBuffer[pending + digits + 1] = '\n';
        System.arraycopy(data, 0, sendBuffer, pending + digits + 2, data.length);
        System.arraycopy(CRLF, 0, sendBuffer, pending + digits + 2 + data.length, 2);
        pending += size;
    }

    /**
     * Ends a chunked body (the last, empty chunk) and flushes.
     *
     * @throws IOException if the client went away
     */
    public void endChunks() throws IOException {
        append(LAST_CHUNK);
        flush();
    }

    /**
     * Sends the buffered bytes in one socket write.
     *
     * @throws IOException if the client went away
     */
    public void flush() throws IOException {
        if (pending > 0) {
            int n = pending;
            pending = 0;
            socketOut.write(sendBuffer, 0, n);
            socketOut.flush();
        }
    }

    private void append(byte[] bytes) throws IOException {
        reserve(bytes.length);
        System.arraycopy(bytes, 0, sendBuffer, pending, bytes.length);
        pending += bytes.length;
    }

    /** Room for {@code size} more bytes: sends a full buffer first, grows for a larger piece. */
    private void reserve(int size) throws IOException {
        if (pending > 0 && pending + size > SEND_AT) {
            flush();
        }
        if (pending + size > sendBuffer.length) {
            sendBuffer = Arrays.copyOf(sendBuffer, Math.max(pending + size, sendBuffer.length * 2));
        }
    }

    /**
     * Whether {@link #close()} was called.
     *
     * @return true once closed
     */
    public boolean isClosed() {
        return closed;
    }

    /** Closes the connection (a cut, when a response is under way); safe from any thread, idempotent. */
    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing: nothing left to tell the client
        }
    }

    private String readLine(boolean eofAllowed) throws IOException {
        int scanned = 0; // bytes after pos already known to hold no line end (fill() may move pos, not this)
        while (true) {
            for (int i = pos + scanned; i < limit; i++) {
                if (buffer[i] == '\n') {
                    int end = i > pos && buffer[i - 1] == '\r' ? i - 1 : i;
                    String line = new String(buffer, pos, end - pos, StandardCharsets.ISO_8859_1);
                    pos = i + 1;
                    return line;
                }
            }
            scanned = limit - pos;
            if (scanned > MAX_LINE) {
                throw new BadHttpException("a line longer than " + MAX_LINE + " bytes");
            }
            if (fill() < 0) {
                if (eofAllowed && pos == limit) {
                    return null;
                }
                throw new EOFException("the client closed the connection in the middle of a request");
            }
        }
    }

    private byte[] readExactly(int n) throws IOException {
        byte[] out = new byte[n];
        int copied = 0;
        while (copied < n) {
            if (pos == limit && fill() < 0) {
                throw new EOFException("the client closed the connection after " + copied + " of " + n + " body bytes");
            }
            int take = Math.min(n - copied, limit - pos);
            System.arraycopy(buffer, pos, out, copied, take);
            pos += take;
            copied += take;
        }
        return out;
    }

    /** Reads more bytes into the buffer, compacting or growing it; returns the count read or -1 at EOF. */
    private int fill() throws IOException {
        if (pos > 0) {
            System.arraycopy(buffer, pos, buffer, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        if (limit == buffer.length) {
            buffer = java.util.Arrays.copyOf(buffer, buffer.length * 2);
        }
        int n = in.read(buffer, limit, buffer.length - limit);
        if (n > 0) {
            limit += n;
        }
        return n;
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }
}
