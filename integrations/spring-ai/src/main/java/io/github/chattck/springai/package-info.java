/**
 * Spring AI both ways: {@link io.github.chattck.springai.SpringAiChatModel} puts a Spring AI {@code ChatModel}
 * behind chat-tck's standard interface (its {@code Flux} read with bounded demand), and
 * {@link io.github.chattck.springai.SpringAiFake} puts a chat-tck model, usually a scripted fake, behind Spring AI's,
 * so that Spring AI apps ({@code ChatClient}, advisors, tools) are tested offline.
 * {@link io.github.chattck.springai.ReactiveChunkSources} bridges any Reactive Streams publisher of chunks.
 */
package io.github.chattck.springai;
