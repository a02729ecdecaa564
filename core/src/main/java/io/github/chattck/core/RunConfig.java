package io.github.chattck.core;

import io.github.chattck.core.internal.Checks;
import io.github.chattck.core.internal.Json;
import io.github.chattck.core.internal.ToolChecks;
import io.github.chattck.core.tool.ToolChoice;
import io.github.chattck.core.tool.ToolDefinition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The run config of one call (LangChain's {@code RunnableConfig}): tags, metadata, run name and id,
 * listeners, a timeout, batch concurrency and per-call model options (stop sequences, tools, provider options).
 * Immutable; build one with
 * {@link #builder()} or start from {@link #defaults()}.
 * <p>
 * What a child run inherits (for example the chat model inside a {@link Pipeline}): tags, metadata, listeners,
 * timeout, stop sequences, tools and options. What it does not: {@code runName}, {@code runId}.
 */
public final class RunConfig {
    /** The {@code maxConcurrency} of {@code batch} when the config sets none. */
    public static final int DEFAULT_MAX_CONCURRENCY = 16;

    /**
     * The longest {@link #timeout()} accepted: 365 days. Longer is no limit at all for a model call (leave the
     * timeout unset for none), and a bound keeps every deadline countable in nanoseconds.
     */
    public static final Duration MAX_TIMEOUT = Duration.ofDays(365);

    private static final RunConfig DEFAULTS = new Builder().build();

    private final List<String> tags;
    private final Map<String, Object> metadata;
    private final String runName;
    private final UUID runId;
    private final List<UUID> parentRunIds;
    private final int maxConcurrency;
    private final List<RunListener> listeners;
    private final Duration timeout;
    private final List<String> stop;
    private final Map<String, Object> options;
    private final List<ToolDefinition> tools;
    private final ToolChoice toolChoice;

    private RunConfig(Builder b) {
        this.tags = List.copyOf(b.tags);
        this.metadata = Json.freeze(b.metadata, "metadata");
        this.runName = b.runName;
        this.runId = b.runId;
        this.parentRunIds = List.copyOf(b.parentRunIds);
        this.maxConcurrency = b.maxConcurrency;
        this.listeners = List.copyOf(b.listeners);
        this.timeout = b.timeout;
        this.stop = List.copyOf(b.stop);
        this.options = Json.freeze(b.options, "options");
        this.tools = List.copyOf(b.tools);
        this.toolChoice = b.toolChoice;
    }

    /**
     * The empty config: no tags, metadata, listeners or timeout; fresh run ids.
     *
     * @return the shared empty config
     */
    public static RunConfig defaults() {
        return DEFAULTS;
    }

    /**
     * A builder for a new config.
     *
     * @return an empty builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder that starts from this config's values.
     *
     * @return a builder holding a copy of this config
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.tags.addAll(tags);
        b.metadata.putAll(metadata);
        b.runName = runName;
        b.runId = runId;
        b.parentRunIds.addAll(parentRunIds);
        b.maxConcurrency = maxConcurrency;
        b.listeners.addAll(listeners);
        b.timeout = timeout;
        b.stop.addAll(stop);
        b.options.putAll(options);
        b.tools.addAll(tools);
        b.toolChoice = toolChoice;
        return b;
    }

    /**
     * The config a child run of {@code parent} gets: everything inheritable, a fresh run id, no run name,
     * the parent appended to the parent ids.
     *
     * @param parent the run that starts the child
     * @return the child's config
     */
    public RunConfig childOf(RunInfo parent) {
        Builder b = toBuilder();
        b.runName = null;
        b.runId = null;
        b.parentRunIds.clear();
        b.parentRunIds.addAll(parent.parentIds());
        b.parentRunIds.add(parent.runId());
        return b.build();
    }

    /**
     * This config with a tag before all others (the {@code seq:step:n} tag of a pipeline step comes first, as in
     * LangChain).
     *
     * @param tag the tag
     * @return a new config
     */
    RunConfig withFirstTag(String tag) {
        Builder b = toBuilder();
        b.tags.add(0, Checks.notNull(tag, "tag"));
        return b.build();
    }

    /**
     * This config with one more listener.
     *
     * @param listener the listener to add
     * @return a new config
     */
    public RunConfig withListener(RunListener listener) {
        return toBuilder().listener(listener).build();
    }

    /**
     * This config with one more listener, called before the others: one that must react to a run's callbacks before
     * slower listeners run (a fail-fast batch stops dispatching as soon as a call reports its failure).
     *
     * @param listener the listener to call first, not null
     * @return a new config
     */
    public RunConfig withFirstListener(RunListener listener) {
        Builder b = toBuilder();
        b.listeners.add(0, Checks.notNull(listener, "listener"));
        return b.build();
    }

    /**
     * This config with another run id.
     *
     * @param id the run id, or null for a fresh one per run
     * @return a new config
     */
    public RunConfig withRunId(UUID id) {
        Builder b = toBuilder();
        b.runId = id;
        return b.build();
    }

    /**
     * Tags for the run, inherited by child runs.
     *
     * @return the tags, in order
     */
    public List<String> tags() {
        return tags;
    }

    /**
     * Metadata for the run, inherited by child runs.
     *
     * @return the metadata, in insertion order
     */
    public Map<String, Object> metadata() {
        return metadata;
    }

    /**
     * The run's name in events and listeners, or null to use the component's name.
     *
     * @return the name or null
     */
    public String runName() {
        return runName;
    }

    /**
     * The run's id, or null for a fresh random one.
     *
     * @return the id or null
     */
    public UUID runId() {
        return runId;
    }

    /**
     * Ids of the enclosing runs, root first; set by composition (a {@link Pipeline}), empty for a root run.
     *
     * @return the parent run ids
     */
    public List<UUID> parentRunIds() {
        return parentRunIds;
    }

    /**
     * The largest number of calls a {@code batch} runs at once.
     *
     * @return {@code >= 1}; {@link #DEFAULT_MAX_CONCURRENCY} unless set
     */
    public int maxConcurrency() {
        return maxConcurrency;
    }

    /**
     * Listeners of the run and its child runs.
     *
     * @return the listeners, in order of registration
     */
    public List<RunListener> listeners() {
        return listeners;
    }

    /**
     * The longest a call may take, from its start to its last chunk; null for no limit.
     *
     * @return the timeout or null
     */
    public Duration timeout() {
        return timeout;
    }

    /**
     * Stop sequences for the model.
     *
     * @return the stop sequences, empty when none
     */
    public List<String> stop() {
        return stop;
    }

    /**
     * Other per-call provider options.
     *
     * @return the options
     */
    public Map<String, Object> options() {
        return options;
    }

    /**
     * Tools the model may call (SPEC 1.5), in order; a model bound with {@link ChatModel#bindTools} uses these
     * instead of its bound ones when this list is not empty.
     *
     * @return the tools, empty when none
     */
    public List<ToolDefinition> tools() {
        return tools;
    }

    /**
     * Whether and which tool the model must call; a model bound with {@link ChatModel#bindTools} uses this instead
     * of its bound choice when it is set.
     *
     * @return the choice, or null when none was set
     */
    public ToolChoice toolChoice() {
        return toolChoice;
    }

    @Override
    public String toString() {
        return "RunConfig{tags=" + tags + ", metadata=" + metadata + ", runName=" + runName + ", runId=" + runId
                + ", parentRunIds=" + parentRunIds + ", maxConcurrency=" + maxConcurrency + ", listeners="
                + listeners.size() + ", timeout=" + timeout + ", stop=" + stop + ", options=" + options
                + (tools.isEmpty() ? "" : ", tools=" + ToolChecks.names(tools))
                + (toolChoice == null ? "" : ", toolChoice=" + toolChoice) + "}";
    }

    /** Builds a {@link RunConfig}; not thread-safe. */
    public static final class Builder {
        private final List<String> tags = new ArrayList<>();
        private final Map<String, Object> metadata = new LinkedHashMap<>();
        private String runName;
        private UUID runId;
        private final List<UUID> parentRunIds = new ArrayList<>();
        private int maxConcurrency = DEFAULT_MAX_CONCURRENCY;
        private final List<RunListener> listeners = new ArrayList<>();
        private Duration timeout;
        private final List<String> stop = new ArrayList<>();
        private final Map<String, Object> options = new LinkedHashMap<>();
        private final List<ToolDefinition> tools = new ArrayList<>();
        private ToolChoice toolChoice;

        private Builder() {
        }

        /**
         * Adds tags.
         *
         * @param values the tags, none null
         * @return this builder
         */
        public Builder tags(String... values) {
            return tags(Arrays.asList(Checks.notNull(values, "tags")));
        }

        /**
         * Adds tags.
         *
         * @param values the tags, none null
         * @return this builder
         */
        public Builder tags(List<String> values) {
            tags.addAll(Checks.noNullElements(values, "tags"));
            return this;
        }

        /**
         * Puts one metadata entry.
         *
         * @param key   the key, not null
         * @param value the value, JSON-like: maps, lists, strings, numbers, booleans, null; nested at most 100
         *              levels, the map holding it included (checked by {@link #build()})
         * @return this builder
         */
        public Builder metadata(String key, Object value) {
            metadata.put(Checks.notNull(key, "metadata key"), value);
            return this;
        }

        /**
         * Puts all metadata entries.
         *
         * @param values the entries
         * @return this builder
         */
        public Builder metadata(Map<String, ?> values) {
            Checks.notNull(values, "metadata").forEach(this::metadata);
            return this;
        }

        /**
         * Sets the run name.
         *
         * @param name non-blank name, or null for the component's name
         * @return this builder
         */
        public Builder runName(String name) {
            Checks.argument(name == null || !name.isBlank(), "runName must not be blank but was '%s'", name);
            this.runName = name;
            return this;
        }

        /**
         * Sets the run id.
         *
         * @param id the id, or null for a fresh one
         * @return this builder
         */
        public Builder runId(UUID id) {
            this.runId = id;
            return this;
        }

        /**
         * Sets the ids of enclosing runs, root first (normally done by composition, not by hand).
         *
         * @param ids the parent ids
         * @return this builder
         */
        public Builder parentRunIds(List<UUID> ids) {
            parentRunIds.clear();
            parentRunIds.addAll(Checks.noNullElements(ids, "parentRunIds"));
            return this;
        }

        /**
         * Sets how many calls a batch runs at once.
         *
         * @param value {@code >= 1}
         * @return this builder
         * @throws IllegalArgumentException if {@code value < 1}
         */
        public Builder maxConcurrency(int value) {
            Checks.argument(value >= 1, "maxConcurrency must be >= 1 but was %d", value);
            this.maxConcurrency = value;
            return this;
        }

        /**
         * Adds a listener.
         *
         * @param listener the listener, not null
         * @return this builder
         */
        public Builder listener(RunListener listener) {
            listeners.add(Checks.notNull(listener, "listener"));
            return this;
        }

        /**
         * Sets the timeout of each call.
         *
         * @param value a positive duration of at most {@link #MAX_TIMEOUT}, or null for none
         * @return this builder
         * @throws IllegalArgumentException if the duration is zero, negative or longer than {@link #MAX_TIMEOUT}
         */
        public Builder timeout(Duration value) {
            Checks.argument(value == null || (!value.isNegative() && !value.isZero()),
                    "timeout must be positive but was %s", value);
            Checks.argument(value == null || value.compareTo(MAX_TIMEOUT) <= 0,
                    "timeout must be at most %s (leave it unset for no timeout) but was %s", MAX_TIMEOUT, value);
            this.timeout = value;
            return this;
        }

        /**
         * Adds stop sequences.
         *
         * @param sequences the sequences, none null or empty
         * @return this builder
         */
        public Builder stop(String... sequences) {
            for (String s : Checks.notNull(sequences, "stop")) {
                Checks.argument(s != null && !s.isEmpty(), "stop sequences must be non-empty but got %s",
                        s == null ? "null" : "''");
                stop.add(s);
            }
            return this;
        }

        /**
         * Puts one provider option.
         *
         * @param key   the option's name
         * @param value its value, JSON-like, nested at most 100 levels, the map holding
         *              it included (checked by {@link #build()})
         * @return this builder
         */
        public Builder option(String key, Object value) {
            options.put(Checks.notNull(key, "option key"), value);
            return this;
        }

        /**
         * Adds tools the model may call.
         *
         * @param values the tools, none null
         * @return this builder
         */
        public Builder tools(ToolDefinition... values) {
            return tools(Arrays.asList(Checks.notNull(values, "tools")));
        }

        /**
         * Adds tools the model may call.
         *
         * @param values the tools, none null
         * @return this builder
         */
        public Builder tools(List<ToolDefinition> values) {
            tools.addAll(Checks.noNullElements(values, "tools"));
            return this;
        }

        /**
         * Sets whether and which tool the model must call. Checked against the tools when the call is made (they may
         * come from a {@linkplain ChatModel#bindTools bound} model).
         *
         * @param value the choice, or null for none
         * @return this builder
         */
        public Builder toolChoice(ToolChoice value) {
            this.toolChoice = value;
            return this;
        }

        /**
         * Builds the config.
         *
         * @return the config
         * @throws IllegalArgumentException if the metadata or the options nest deeper than 100 levels or
         *                                  contain themselves
         */
        public RunConfig build() {
            return new RunConfig(this);
        }
    }
}
