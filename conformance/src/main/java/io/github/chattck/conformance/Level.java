package io.github.chattck.conformance;

/** How binding a rule is. */
public enum Level {
    /** Every model must pass it (when it has the capability the rule needs). */
    REQUIRED,
    /** A model with the capability should pass it; a failure is reported but does not fail the runner's exit code. */
    OPTIONAL;

    /**
     * The prefix of rule method names at this level.
     *
     * @return {@code required} or {@code optional}
     */
    public String prefix() {
        return name().toLowerCase();
    }
}
