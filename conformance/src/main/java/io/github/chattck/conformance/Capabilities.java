package io.github.chattck.conformance;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The capability profile of a model under test: a value object built fluently,
 * {@code Capabilities.builder().tokenStreaming().deterministic().build()}. Absent capabilities skip the rules that
 * need them, with a reason; they never pass silently.
 */
public final class Capabilities {
    private static final Capabilities NONE = new Capabilities(EnumSet.noneOf(Capability.class));

    private final Set<Capability> set;

    private Capabilities(Set<Capability> set) {
        this.set = Collections.unmodifiableSet(EnumSet.copyOf(set.isEmpty() ? EnumSet.noneOf(Capability.class) : set));
    }

    /**
     * No optional capability: only the rules every model must pass run.
     *
     * @return the empty profile
     */
    public static Capabilities none() {
        return NONE;
    }

    /**
     * A builder.
     *
     * @return an empty builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Whether the model has a capability.
     *
     * @param capability the capability
     * @return true if declared
     */
    public boolean has(Capability capability) {
        return set.contains(capability);
    }

    /**
     * The declared capabilities.
     *
     * @return an unmodifiable set
     */
    public Set<Capability> asSet() {
        return set;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Capabilities && ((Capabilities) o).set.equals(set);
    }

    @Override
    public int hashCode() {
        return set.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Capabilities[");
        String sep = "";
        for (Capability c : set) {
            sb.append(sep).append(c.id());
            sep = ", ";
        }
        return sb.append(']').toString();
    }

    /** Builds {@link Capabilities}; not thread-safe. */
    public static final class Builder {
        private final EnumSet<Capability> set = EnumSet.noneOf(Capability.class);

        private Builder() {
        }

        /**
         * The provider streams chunks token by token.
         *
         * @return this builder
         */
        public Builder tokenStreaming() {
            return with(Capability.TOKEN_STREAMING);
        }

        /**
         * The model calls tools.
         *
         * @return this builder
         */
        public Builder toolCalling() {
            return with(Capability.TOOL_CALLING);
        }

        /**
         * The model reports usage.
         *
         * @return this builder
         */
        public Builder usageMetadata() {
            return with(Capability.USAGE_METADATA);
        }

        /**
         * The model honours stop sequences.
         *
         * @return this builder
         */
        public Builder stopSequences() {
            return with(Capability.STOP_SEQUENCES);
        }

        /**
         * Fresh models answer the same input the same way.
         *
         * @return this builder
         */
        public Builder deterministic() {
            return with(Capability.DETERMINISTIC);
        }

        /**
         * A prompt makes a call fail.
         *
         * @return this builder
         */
        public Builder failureTrigger() {
            return with(Capability.FAILURE_TRIGGER);
        }

        /**
         * A prompt streams slowly enough to measure timing.
         *
         * @return this builder
         */
        public Builder slowStream() {
            return with(Capability.SLOW_STREAM);
        }

        /**
         * One model serves concurrent calls.
         *
         * @return this builder
         */
        public Builder concurrentCalls() {
            return with(Capability.CONCURRENT_CALLS);
        }

        /**
         * Adds a capability.
         *
         * @param capability the capability
         * @return this builder
         */
        public Builder with(Capability capability) {
            set.add(java.util.Objects.requireNonNull(capability, "capability must not be null"));
            return this;
        }

        /**
         * Builds the profile.
         *
         * @return the profile
         */
        public Capabilities build() {
            return new Capabilities(set);
        }
    }
}
