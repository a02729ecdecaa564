/**
 * The standard chat-model interface: {@link io.github.chattck.core.Chainable} (invoke, batch, stream,
 * streamEvents, pipe), {@link io.github.chattck.core.ChatModel} and the template providers extend,
 * {@link io.github.chattck.core.BaseChatModel}. Runs are configured by {@link io.github.chattck.core.RunConfig}
 * and observed through {@link io.github.chattck.core.RunListener}s; streams are single-use, pull-based
 * {@link io.github.chattck.core.RunStream}s.
 */
package io.github.chattck.core;
