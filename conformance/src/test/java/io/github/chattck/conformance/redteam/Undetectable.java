package io.github.chattck.conformance.redteam;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A broken subject the kit misses by design: why no rule can see it through the standard interface. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@interface Undetectable {
    String value();
}
