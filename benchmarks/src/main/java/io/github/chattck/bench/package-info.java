/**
 * JMH benchmarks of the streaming machinery: each pipeline per chunk against the physical limit and peers (Reactor,
 * LangChain4j) in the same run, aggregation growth, and batch efficiency. Run them with {@code run-benchmarks.sh}.
 */
package io.github.chattck.bench;
