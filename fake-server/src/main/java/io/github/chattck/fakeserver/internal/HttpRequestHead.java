package io.github.chattck.fakeserver.internal;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The request line and headers of one HTTP/1.1 request.
 *
 * @param method  the method
 * @param target  the request target as sent (path and query)
 * @param version {@code HTTP/1.1} or {@code HTTP/1.0}
 * @param headers lower-case names to values, in order of arrival
 */
public record HttpRequestHead(String method, String target, String version, Map<String, List<String>> headers) {
    /**
     * Copies the headers into an unmodifiable map.
     *
     * @param method  the method
     * @param target  the target
     * @param version the version
     * @param headers the headers
     */
    public HttpRequestHead {
        headers = Collections.unmodifiableMap(headers);
    }

    /**
     * The first value of a header.
     *
     * @param name lower-case name
     * @return the value or null
     */
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /**
     * The path, without the query.
     *
     * @return the path
     */
    public String path() {
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }

    /**
     * Whether the connection stays open after the response (HTTP/1.1 unless {@code Connection: close}).
     *
     * @return true to keep it
     */
    public boolean keepAlive() {
        String connection = header("connection");
        boolean close = connection != null && connection.toLowerCase(java.util.Locale.ROOT).contains("close");
        boolean keep = connection != null && connection.toLowerCase(java.util.Locale.ROOT).contains("keep-alive");
        return "HTTP/1.1".equals(version) ? !close : keep;
    }
}
