/**
 * Messages of a conversation and the chunks an answer streams in. Everything here is an immutable
 * record except {@link io.github.chattck.core.message.ChunkAggregator}, which folds chunks in linear time.
 * The merge rules follow LangChain's, except that equal metadata strings are never concatenated.
 */
package io.github.chattck.core.message;
