package io.github.chattck.conformance.mutants;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The class of defect a realistic mutant belongs to, as issue 9 numbers them: 1 release after close and failure,
 * 2 buffering dressed as streaming, 3 failures that lose their cause, 4 invoke and batch observed less than stream,
 * 5 rules that needed determinism, 6 stop sequences on one path only, 7 tool calls paired by position, 8 timeout and
 * lazy start, 9 text cut inside a character, 10 shared state that only overlapping calls show.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@interface DefectClass {
    int value();

    /** Whether the model implements ChatModel directly (else it is built on BaseChatModel). */
    boolean direct() default false;
}
