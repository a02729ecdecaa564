package io.github.chattck.core;

/**
 * Turns a component's output into another value; piped after a component with {@link Chainable#pipe}.
 * A parser works on the whole output ({@link #parse}) and on each streamed item ({@link #parseChunk}), so
 * the pipeline still streams.
 *
 * @param <O> the output type it reads
 * @param <C> the streamed item type it reads
 * @param <T> what it produces
 */
public interface OutputParser<O, C, T> {

    /**
     * The parser's name, the name of its run.
     *
     * @return the name
     */
    String name();

    /**
     * Parses a complete output.
     *
     * @param output the output
     * @return the parsed value
     */
    T parse(O output);

    /**
     * Parses one streamed item.
     *
     * @param chunk the item
     * @return the parsed item, or null when this item gives nothing to pass on yet (the pipeline skips it)
     */
    T parseChunk(C chunk);
}
