package io.github.chattck.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.chattck.fakeserver.internal.JsonTrees;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * What part of {@code FakeServerStartBenchmark.coldStartAndFirstRequest} is Jackson's own start? {@link
 * #firstObjectMapper}: the first {@code ObjectMapper} of a fresh JVM, reading one request body, a cost every
 * {@code ObjectMapper} user in the test JVM (the OpenAI, Anthropic, LangChain4j and Spring AI clients among them) pays
 * once, whichever pays it first. {@link #firstStreamingTree}: the same body read as the fake server reads it, with
 * Jackson's streaming parser into tree nodes and no {@code ObjectMapper}, the part of Jackson's start the server pays.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(5)
public class JacksonColdStartBenchmark {

    /**
     * Makes the first mapper of the JVM and reads a request body with it.
     *
     * @return the body's tree
     * @throws IOException never in practice
     */
    @Benchmark
    public JsonNode firstObjectMapper() throws IOException {
        return new ObjectMapper().readTree("{\"model\":\"gpt-4o-mini\",\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"one\"}]}");
    }

    /**
     * Reads a request body as the fake server does, the first Jackson use of the JVM.
     *
     * @return the body's tree
     * @throws IOException never in practice
     */
    @Benchmark
    public JsonNode firstStreamingTree() throws IOException {
        return JsonTrees.read(("{\"model\":\"gpt-4o-mini\",\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"one\"}]}").getBytes(StandardCharsets.UTF_8));
    }
}
