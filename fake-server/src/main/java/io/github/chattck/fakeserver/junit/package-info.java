/**
 * The fake server as a JUnit 5 (and 6) extension: {@code @RegisterExtension static FakeLlmServerExtension fakeLlm =
 * FakeLlmServerExtension.create();} starts one server for the class on the loopback address and a free port, and
 * gives every test a fresh scope (its own script and journal), injectable as a test method parameter. Optional: the
 * classes here need junit-jupiter-api on the classpath; the server does not.
 */
package io.github.chattck.fakeserver.junit;
