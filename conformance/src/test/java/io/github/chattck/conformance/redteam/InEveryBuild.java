package io.github.chattck.conformance.redteam;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A red-team subject run in every build; the others run with {@code -Dchattck.redteam=all} (the whole set takes
 * about 3.5 s per subject, too long for every build).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@interface InEveryBuild {
}
