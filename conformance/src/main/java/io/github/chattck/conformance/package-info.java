/**
 * The conformance kit: extend {@link io.github.chattck.conformance.ChatModelConformanceTests} to check a chat model
 * against every {@link io.github.chattck.conformance.Rule} of the chat-tck specification, with a
 * {@link io.github.chattck.conformance.Scorecard}. The test class is the catalogue, one final method per rule; the
 * rule bodies are package-private classes grouped by area, working on a {@code Subject} (where models and prompts
 * come from) through a {@link io.github.chattck.conformance.RuleContext}.
 * {@link io.github.chattck.conformance.ConformanceExtension} does the work around them: capability skips,
 * exclusions, the silence watchdog, failure messages with the last run's trace, the scorecard.
 */
package io.github.chattck.conformance;
