/**
 * The conformance kit: extend {@link io.github.chattck.conformance.ChatModelConformanceTests} to check a chat model
 * against every {@link io.github.chattck.conformance.Rule} of the chat-tck specification, with a
 * {@link io.github.chattck.conformance.Scorecard}. {@link io.github.chattck.conformance.ConformanceExtension} does
 * the work: capability skips, exclusions, timeouts, failure messages with the last run's trace.
 */
package io.github.chattck.conformance;
