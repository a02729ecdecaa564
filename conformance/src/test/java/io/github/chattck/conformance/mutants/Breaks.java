package io.github.chattck.conformance.mutants;

import io.github.chattck.conformance.Rule;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The rules a mutant subject must fail, exactly: no fewer (the rule catches the defect), no more (the others hold). */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@interface Breaks {
    Rule[] value();
}
