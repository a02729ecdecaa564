package io.github.chattck.conformance.redteam;

import io.github.chattck.conformance.Rule;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The rules a red-team subject must fail, exactly: no fewer (the kit catches the defect), no more (the other rules
 * hold). A subject without it is a correct model and must pass every rule it declares.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@interface Fails {
    Rule[] value();
}
