/**
 * LangChain4j both ways: {@link io.github.chattck.langchain4j.LangChain4jChatModel} puts a LangChain4j
 * {@code ChatModel} / {@code StreamingChatModel} behind chat-tck's standard interface (so it runs under the
 * conformance kit), and {@link io.github.chattck.langchain4j.LangChain4jFake} puts a chat-tck model, usually a
 * scripted fake, behind LangChain4j's, so that LangChain4j apps are tested offline.
 */
package io.github.chattck.langchain4j;
