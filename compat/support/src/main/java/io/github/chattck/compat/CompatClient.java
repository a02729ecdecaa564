package io.github.chattck.compat;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a conformance class that runs a real client through the kit over the wire: its name in the compatibility
 * matrix and the rules it is known to fail, each a {@link Finding}. {@link CompatKit#assertFindings(Class)} fails when
 * the client fails any other rule, or passes one of these: a finding is a fact about the client, kept true.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface CompatClient {
    /**
     * The client's column in the matrix: library, version, model class.
     *
     * @return e.g. {@code "LangChain4j 1.19.0 OpenAiStreamingChatModel"}
     */
    String value();

    /**
     * How the client was set up besides its endpoint (retries, options), for the matrix's notes.
     *
     * @return a short phrase, or empty
     */
    String configured() default "";

    /**
     * The rules the client fails, each with what it does wrong and how to see it.
     *
     * @return the findings
     */
    Finding[] findings() default {};
}
