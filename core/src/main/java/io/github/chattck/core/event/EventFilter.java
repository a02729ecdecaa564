package io.github.chattck.core.event;

import io.github.chattck.core.RunInfo;
import io.github.chattck.core.internal.Checks;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * Which events {@code streamEvents} keeps (SPEC 4): when no include filter is set every run is included,
 * otherwise only runs matching at least one include (by name, type or tag); then the excludes remove runs.
 * Filters apply to the root run too. Immutable; build with {@link #builder()}.
 */
public final class EventFilter {
    private static final EventFilter ALL = builder().build();

    private final Set<String> includeNames;
    private final Set<String> includeTypes;
    private final Set<String> includeTags;
    private final Set<String> excludeNames;
    private final Set<String> excludeTypes;
    private final Set<String> excludeTags;
    private final boolean keepsEverything;

    private EventFilter(Builder b) {
        includeNames = Set.copyOf(b.includeNames);
        includeTypes = Set.copyOf(b.includeTypes);
        includeTags = Set.copyOf(b.includeTags);
        excludeNames = Set.copyOf(b.excludeNames);
        excludeTypes = Set.copyOf(b.excludeTypes);
        excludeTags = Set.copyOf(b.excludeTags);
        keepsEverything = includeNames.isEmpty() && includeTypes.isEmpty() && includeTags.isEmpty()
                && excludeNames.isEmpty() && excludeTypes.isEmpty() && excludeTags.isEmpty();
    }

    /**
     * The filter that keeps everything.
     *
     * @return the filter
     */
    public static EventFilter all() {
        return ALL;
    }

    /**
     * A builder for a filter.
     *
     * @return an empty builder (keeps everything until told otherwise)
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Whether the events of this run are kept.
     *
     * @param run the run
     * @return true to keep them
     */
    public boolean test(RunInfo run) {
        if (keepsEverything) {
            return true;
        }
        boolean noIncludes = includeNames.isEmpty() && includeTypes.isEmpty() && includeTags.isEmpty();
        boolean included = noIncludes || includeNames.contains(run.name()) || includeTypes.contains(run.runType())
                || !Collections.disjoint(includeTags, run.tags());
        if (!included) {
            return false;
        }
        return !excludeNames.contains(run.name()) && !excludeTypes.contains(run.runType())
                && Collections.disjoint(excludeTags, run.tags());
    }

    @Override
    public String toString() {
        return "EventFilter{includeNames=" + includeNames + ", includeTypes=" + includeTypes + ", includeTags="
                + includeTags + ", excludeNames=" + excludeNames + ", excludeTypes=" + excludeTypes
                + ", excludeTags=" + excludeTags + "}";
    }

    /** Builds an {@link EventFilter}; not thread-safe. */
    public static final class Builder {
        private final java.util.List<String> includeNames = new java.util.ArrayList<>();
        private final java.util.List<String> includeTypes = new java.util.ArrayList<>();
        private final java.util.List<String> includeTags = new java.util.ArrayList<>();
        private final java.util.List<String> excludeNames = new java.util.ArrayList<>();
        private final java.util.List<String> excludeTypes = new java.util.ArrayList<>();
        private final java.util.List<String> excludeTags = new java.util.ArrayList<>();

        private Builder() {
        }

        /**
         * Keeps runs with one of these names.
         *
         * @param names run names
         * @return this builder
         */
        public Builder includeNames(String... names) {
            includeNames.addAll(Checks.noNullElements(Arrays.asList(Checks.notNull(names, "names")), "names"));
            return this;
        }

        /**
         * Keeps runs of one of these types ({@code chat_model}, {@code chain}, {@code parser}).
         *
         * @param types run types
         * @return this builder
         */
        public Builder includeTypes(String... types) {
            includeTypes.addAll(Checks.noNullElements(Arrays.asList(Checks.notNull(types, "types")), "types"));
            return this;
        }

        /**
         * Keeps runs with one of these tags.
         *
         * @param tags tags
         * @return this builder
         */
        public Builder includeTags(String... tags) {
            includeTags.addAll(Checks.noNullElements(Arrays.asList(Checks.notNull(tags, "tags")), "tags"));
            return this;
        }

        /**
         * Drops runs with one of these names.
         *
         * @param names run names
         * @return this builder
         */
        public Builder excludeNames(String... names) {
            excludeNames.addAll(Checks.noNullElements(Arrays.asList(Checks.notNull(names, "names")), "names"));
            return this;
        }

        /**
         * Drops runs of one of these types.
         *
         * @param types run types
         * @return this builder
         */
        public Builder excludeTypes(String... types) {
            excludeTypes.addAll(Checks.noNullElements(Arrays.asList(Checks.notNull(types, "types")), "types"));
            return this;
        }

        /**
         * Drops runs with one of these tags.
         *
         * @param tags tags
         * @return this builder
         */
        public Builder excludeTags(String... tags) {
            excludeTags.addAll(Checks.noNullElements(Arrays.asList(Checks.notNull(tags, "tags")), "tags"));
            return this;
        }

        /**
         * Builds the filter.
         *
         * @return the filter
         */
        public EventFilter build() {
            return new EventFilter(this);
        }
    }
}
