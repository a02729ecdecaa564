/**
 * The fake LLM server: the scripts of {@code chat-tck-fakes} ({@link io.github.chattck.fakes.Turn}s) served over
 * HTTP in the wire formats of OpenAI Chat Completions, OpenAI Responses, Anthropic Messages and Ollama, streaming
 * and not, with HTTP-level faults, and a journal of every request and how it ended. Start it from plain Java
 * ({@link io.github.chattck.fakeserver.FakeLlmServer}), as a JUnit 5 extension
 * ({@code io.github.chattck.fakeserver.junit}) or from the command line ({@code io.github.chattck.fakeserver.cli}).
 */
package io.github.chattck.fakeserver;
