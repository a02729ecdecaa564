package io.github.chattck.compat;

import io.github.chattck.conformance.Rule;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A rule a real client fails: which, what the client does wrong (one sentence), and how to see it for yourself. */
@Retention(RetentionPolicy.RUNTIME)
@Target({})
public @interface Finding {
    /**
     * The rule the client fails.
     *
     * @return the rule
     */
    Rule rule();

    /**
     * What the client does wrong, in one sentence.
     *
     * @return the sentence
     */
    String what();

    /**
     * How to see it: the command, or the part of the failure message that shows it.
     *
     * @return the instructions
     */
    String see();
}
