/**
 * Implementation details of chat-tck core: run bookkeeping, the bounded hand-off, the publisher view, batching.
 * Not API: these types may change in any release; other modules of chat-tck may use them.
 */
package io.github.chattck.core.internal;
