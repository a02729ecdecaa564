/**
 * {@code streamEvents} schema v2: the {@link io.github.chattck.core.event.StreamEvent} record, include/exclude
 * {@link io.github.chattck.core.event.EventFilter}s, and {@link io.github.chattck.core.event.ChatJson}, the
 * Jackson mapping to LangChain's snake_case JSON shape.
 */
package io.github.chattck.core.event;
