package io.github.chattck.conformance;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Marks the one test method that checks a rule; the extension reads the rule from it. */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ConformanceRule {
    /**
     * The rule this method checks.
     *
     * @return the rule
     */
    Rule value();
}
