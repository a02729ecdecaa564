package io.github.chattck.conformance;

import io.github.chattck.core.ChatModel;
import io.github.chattck.fakeserver.FakeLlmServer;

/**
 * The fake LLM server of one test class whose provider is tested over the wire: started on first use (loopback, a
 * free port), a fresh scope per rule, closed after the class. Thread-safe (rules may run in parallel).
 */
final class WireBench implements AutoCloseable {
    private final WireTarget target;
    private FakeLlmServer server;
    private boolean closed;
    private int scopes;

    WireBench(WireTarget target) {
        this.target = target;
    }

    WireTarget target() {
        return target;
    }

    /** A subject for one rule, on a scope of its own named after the rule. */
    synchronized WireSubject newSubject(Rule rule, Capabilities capabilities) {
        return new WireSubject(target, capabilities, server().newScope(rule.id() + "." + ++scopes), rule);
    }

    /** A model of the target, pointed at the server's root (which answers nothing): to read its name and parameters. */
    synchronized ChatModel sampleModel() {
        return target.newModel(new Endpoint(server().baseUrl(), target.dialect(), Endpoint.API_KEY));
    }

    private FakeLlmServer server() {
        if (closed) {
            throw new IllegalStateException("the kit's fake server for " + target + " was closed after its test class");
        }
        if (server == null) {
            server = FakeLlmServer.builder().start();
        }
        return server;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (server != null) {
            server.close();
        }
    }
}
