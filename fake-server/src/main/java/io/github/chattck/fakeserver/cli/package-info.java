/**
 * The fake server's command line, for apps that are not on the JVM or run it beside them (docker compose):
 * {@code java -jar chat-tck-fake-server-VERSION-runner.jar --script script.json --port 8080}. The options are parsed
 * by picocli, an optional dependency of this module: the runner jar bundles it, a test classpath does not need it.
 */
package io.github.chattck.fakeserver.cli;
