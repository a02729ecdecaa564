package io.github.chattck.conformance;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.chattck.core.internal.ChatTckVersion;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The result of checking one model against the rules: per rule, passed / failed / skipped / excluded with the
 * reason and the time it took, plus the model's name, ls parameters and capabilities, and a one-sentence summary.
 * Written as Markdown, JSON and HTML, printed as text; read back from its JSON. Thread-safe for recording.
 */
public final class Scorecard {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How the extension marks the detail of a rule that aborted itself (it did not apply). */
    static final String ABORTED = "aborted: ";

    /** The outcome of one rule. */
    public enum Status {
        /** The rule held. */
        PASSED,
        /** The rule was broken (or timed out). */
        FAILED,
        /** The model lacks a capability the rule needs, or the rule found that it does not apply (the detail says why). */
        SKIPPED,
        /** The subject excluded the rule, with a reason. */
        EXCLUDED
    }

    /**
     * One rule's outcome.
     *
     * @param rule      the rule
     * @param status    the outcome
     * @param detail    the reason (skipped, excluded) or the first line of the failure; empty when passed
     * @param elapsedMs how long the rule took, in milliseconds
     */
    public record Entry(Rule rule, Status status, String detail, long elapsedMs) {
    }

    private final String subject;
    private final String modelName;
    private final Map<String, Object> lsParameters;
    private final Capabilities capabilities;
    private final boolean builtOnBaseChatModel;
    private final String chatTckVersion;
    private final String wireDialect;
    private final Map<Rule, Entry> entries = new EnumMap<>(Rule.class);

    /**
     * Creates an empty scorecard for a model of unknown kind.
     *
     * @param subject      the test class that checked the model
     * @param modelName    the model's name
     * @param lsParameters the model's ls parameters
     * @param capabilities the declared capabilities
     */
    public Scorecard(String subject, String modelName, Map<String, Object> lsParameters, Capabilities capabilities) {
        this(subject, modelName, lsParameters, capabilities, false);
    }

    /**
     * Creates an empty scorecard.
     *
     * @param subject              the test class that checked the model
     * @param modelName            the model's name
     * @param lsParameters         the model's ls parameters
     * @param capabilities         the declared capabilities
     * @param builtOnBaseChatModel whether the model extends {@code BaseChatModel}, which guarantees some rules
     */
    public Scorecard(String subject, String modelName, Map<String, Object> lsParameters, Capabilities capabilities,
                     boolean builtOnBaseChatModel) {
        this(subject, modelName, lsParameters, capabilities, builtOnBaseChatModel, null);
    }

    /**
     * Creates an empty scorecard for a model tested over the wire (or not).
     *
     * @param subject              the test class that checked the model
     * @param modelName            the model's name
     * @param lsParameters         the model's ls parameters
     * @param capabilities         the capabilities the rules saw
     * @param builtOnBaseChatModel whether the model extends {@code BaseChatModel}, which guarantees some rules
     * @param wireDialect          the dialect of the kit's fake server the model was tested against, or null when it
     *                             was given directly (the WIRE rules were then skipped)
     */
    public Scorecard(String subject, String modelName, Map<String, Object> lsParameters, Capabilities capabilities,
                     boolean builtOnBaseChatModel, String wireDialect) {
        this(subject, modelName, lsParameters, capabilities, builtOnBaseChatModel, wireDialect,
                ChatTckVersion.of(Scorecard.class));
    }

    private Scorecard(String subject, String modelName, Map<String, Object> lsParameters, Capabilities capabilities,
                      boolean builtOnBaseChatModel, String wireDialect, String chatTckVersion) {
        this.wireDialect = wireDialect;
        this.subject = subject;
        this.modelName = modelName;
        // sorted: the same model prints its parameters in the same order on every run
        this.lsParameters = Collections.unmodifiableMap(new TreeMap<>(Map.copyOf(lsParameters)));
        this.capabilities = capabilities;
        this.builtOnBaseChatModel = builtOnBaseChatModel;
        this.chatTckVersion = chatTckVersion;
    }

    /**
     * Reads a scorecard back from the JSON that {@link #writeTo} wrote.
     *
     * @param json the {@code .json} file
     * @return the scorecard, with the entries it recorded
     * @throws IllegalArgumentException naming the file if it is not a chat-tck scorecard
     * @throws UncheckedIOException     if it cannot be read
     */
    public static Scorecard readJson(Path json) {
        JsonNode root;
        try {
            root = JSON.readTree(json.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the scorecard " + json, e);
        }
        try {
            Capabilities.Builder capabilities = Capabilities.builder();
            root.required("capabilities").forEach(c -> capabilities.with(Capability.byId(c.asText())));
            Map<String, Object> ls = JSON.convertValue(root.required("ls_parameters"), new TypeReference<Map<String, Object>>() { });
            Scorecard card = new Scorecard(root.required("subject").asText(), root.required("model").asText(), ls,
                    capabilities.build(), root.path("built_on_base_chat_model").asBoolean(false),
                    root.path("wire_dialect").isTextual() ? root.path("wire_dialect").asText() : null,
                    root.path("chat_tck_version").asText("unknown"));
            for (JsonNode r : root.required("rules")) {
                card.record(new Entry(Rule.byId(r.required("id").asText()),
                        Status.valueOf(r.required("result").asText().toUpperCase(Locale.ROOT)),
                        r.path("detail").asText(""), r.path("elapsed_ms").asLong(0)));
            }
            return card;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(json + " is not a chat-tck scorecard: " + e.getMessage(), e);
        }
    }

    /**
     * Records one rule's outcome.
     *
     * @param entry the outcome
     */
    public void record(Entry entry) {
        synchronized (entries) {
            entries.put(entry.rule(), entry);
        }
    }

    /**
     * The outcomes recorded, in catalogue order.
     *
     * @return a snapshot
     */
    public List<Entry> entries() {
        synchronized (entries) {
            return List.copyOf(entries.values());
        }
    }

    /**
     * The test class that checked the model.
     *
     * @return its fully qualified name
     */
    public String subject() {
        return subject;
    }

    /**
     * The checked model's name.
     *
     * @return the name the model gives itself
     */
    public String modelName() {
        return modelName;
    }

    /**
     * The model's ls parameters, sorted by key.
     *
     * @return an unmodifiable map
     */
    public Map<String, Object> lsParameters() {
        return lsParameters;
    }

    /**
     * The capabilities the subject declared.
     *
     * @return the profile
     */
    public Capabilities capabilities() {
        return capabilities;
    }

    /**
     * Whether the model extends {@code BaseChatModel}, which guarantees the rules marked base.
     *
     * @return true if it does
     */
    public boolean builtOnBaseChatModel() {
        return builtOnBaseChatModel;
    }

    /**
     * The version of chat-tck that checked the model.
     *
     * @return e.g. {@code 0.2.0}, or {@code unknown}
     */
    public String chatTckVersion() {
        return chatTckVersion;
    }

    /**
     * The dialect of the kit's fake server the model was tested against over the wire.
     *
     * @return the dialect's name, or null when the model was given directly (the WIRE rules were then skipped)
     */
    public String wireDialect() {
        return wireDialect;
    }

    /**
     * The capabilities a rule needs that the subject did not declare: why a rule was skipped, when it was for lack of
     * a capability.
     *
     * @param rule the rule
     * @return the missing capabilities, in catalogue order; empty when the subject has them all
     */
    public Set<Capability> missingCapabilities(Rule rule) {
        Set<Capability> missing = EnumSet.noneOf(Capability.class);
        for (Capability c : rule.needs()) {
            if (!capabilities.has(c)) {
                missing.add(c);
            }
        }
        return Collections.unmodifiableSet(missing);
    }

    /**
     * Counts the outcomes of one status.
     *
     * @param status the status
     * @return the count
     */
    public long count(Status status) {
        return entries().stream().filter(e -> e.status() == status).count();
    }

    /**
     * Whether any required rule failed.
     *
     * @return true if a required rule failed
     */
    public boolean requiredRuleFailed() {
        return entries().stream().anyMatch(e -> e.status() == Status.FAILED && e.rule().level() == Level.REQUIRED);
    }

    /**
     * The outcome in one sentence: how many rules passed, which failed, which were skipped and why (grouped by the
     * capability they lacked), which were excluded and why. For example {@code FakeListChatModel: 31 of 40 rules
     * passed, none failed; 9 skipped (META-2 needs stopSequences; INV-5, BAT-3 and STR-9 need failureTrigger), none
     * excluded.}
     *
     * @return the sentence
     */
    public String summary() {
        List<Entry> all = entries();
        if (all.isEmpty()) {
            return modelName + ": no rule was run.";
        }
        StringBuilder sentence = new StringBuilder(modelName).append(": ").append(count(Status.PASSED)).append(" of ")
                .append(all.size()).append(all.size() == 1 ? " rule" : " rules").append(" passed, ");
        List<Entry> failed = withStatus(all, Status.FAILED);
        if (failed.isEmpty()) {
            sentence.append("none failed");
        } else {
            List<String> byLevel = new ArrayList<>();
            for (Level level : Level.values()) {
                List<String> ids = failed.stream().filter(e -> e.rule().level() == level).map(e -> e.rule().id()).toList();
                if (!ids.isEmpty()) {
                    byLevel.add(and(ids) + " " + level.prefix());
                }
            }
            sentence.append(failed.size()).append(" failed (").append(String.join(", ", byLevel)).append(')');
        }
        List<Entry> skipped = withStatus(all, Status.SKIPPED);
        sentence.append(skipped.isEmpty() ? "; none skipped" : "; " + skipped.size() + " skipped (" + whySkipped(skipped) + ")");
        List<Entry> excluded = withStatus(all, Status.EXCLUDED);
        if (excluded.isEmpty()) {
            sentence.append(", none excluded");
        } else {
            List<String> reasons = excluded.stream().map(e -> e.rule().id() + ": " + e.detail()).toList();
            sentence.append(", ").append(excluded.size()).append(" excluded (").append(String.join("; ", reasons)).append(')');
        }
        return sentence.append('.').toString();
    }

    /**
     * Skipped rules grouped by the capabilities they lacked, then the WIRE rules of a model given without a wire target,
     * then those that did not apply, each with its reason.
     */
    private String whySkipped(List<Entry> skipped) {
        Map<Set<Capability>, List<String>> byMissing = new LinkedHashMap<>();
        List<String> noWire = new ArrayList<>();
        List<String> notApplicable = new ArrayList<>();
        for (Entry e : skipped) {
            Set<Capability> missing = missingCapabilities(e.rule());
            if (e.rule().needsWireTarget() && wireDialect == null) {
                noWire.add(e.rule().id());
            } else if (missing.isEmpty()) {
                notApplicable.add(e.rule().id() + " did not apply (" + notApplicableReason(e) + ")");
            } else {
                byMissing.computeIfAbsent(missing, k -> new ArrayList<>()).add(e.rule().id());
            }
        }
        List<String> groups = new ArrayList<>();
        byMissing.forEach((missing, ids) -> groups.add(and(ids) + (ids.size() == 1 ? " needs " : " need ")
                + and(missing.stream().map(Capability::id).toList())));
        if (!noWire.isEmpty()) {
            groups.add(and(noWire) + (noWire.size() == 1 ? " needs" : " need") + " a wire target");
        }
        groups.addAll(notApplicable);
        return String.join("; ", groups);
    }

    /**
     * Why a rule that had its capabilities was skipped: the reason it gave, without the bookkeeping prefixes.
     *
     * @param entry a skipped entry
     * @return the reason
     */
    static String notApplicableReason(Entry entry) {
        String reason = entry.detail();
        if (reason.startsWith(ABORTED)) {
            reason = reason.substring(ABORTED.length());
        }
        String prefix = entry.rule().id() + " does not apply: ";
        return reason.startsWith(prefix) ? reason.substring(prefix.length()) : reason;
    }

    /**
     * An honest verdict over several scorecards, as one sentence: which required rules failed, and which required
     * rules were not checked (skipped for lack of a capability or of a wire target, skipped as not applicable, or
     * excluded), each with the models it concerns. Only when every required rule of every scorecard ran and passed does
     * it say so.
     *
     * @param scorecards the scorecards of one run
     * @return the sentence, e.g. {@code no required rule failed; 1 required rule was skipped for lack of a capability
     *         (STR-5 for 4 models), so it was not checked}
     */
    public static String verdict(List<Scorecard> scorecards) {
        Map<Rule, List<String>> failed = new EnumMap<>(Rule.class);
        Map<Rule, List<String>> lacking = new EnumMap<>(Rule.class);
        Map<Rule, List<String>> noWire = new EnumMap<>(Rule.class);
        Map<Rule, List<String>> notApplicable = new EnumMap<>(Rule.class);
        Map<Rule, List<String>> excluded = new EnumMap<>(Rule.class);
        for (Scorecard card : scorecards) {
            for (Entry e : card.entries()) {
                if (e.rule().level() != Level.REQUIRED) {
                    continue;
                }
                Map<Rule, List<String>> bucket = switch (e.status()) {
                    case FAILED -> failed;
                    case SKIPPED -> e.rule().needsWireTarget() && card.wireDialect() == null ? noWire
                            : card.missingCapabilities(e.rule()).isEmpty() ? notApplicable : lacking;
                    case EXCLUDED -> excluded;
                    case PASSED -> null;
                };
                if (bucket != null) {
                    bucket.computeIfAbsent(e.rule(), r -> new ArrayList<>()).add(card.modelName());
                }
            }
        }
        List<String> clauses = new ArrayList<>();
        if (failed.isEmpty()) {
            clauses.add(lacking.isEmpty() && noWire.isEmpty() && notApplicable.isEmpty() && excluded.isEmpty()
                    ? "every required rule passed" : "no required rule failed");
        } else {
            clauses.add(countRules(failed.size()) + " failed (" + perRule(failed) + ")");
        }
        addNotChecked(clauses, lacking, "skipped for lack of a capability");
        addNotChecked(clauses, noWire, "skipped for lack of a wire target");
        addNotChecked(clauses, notApplicable, "skipped as not applicable");
        addNotChecked(clauses, excluded, "excluded by the subject");
        return String.join("; ", clauses);
    }

    private static void addNotChecked(List<String> clauses, Map<Rule, List<String>> rules, String how) {
        if (!rules.isEmpty()) {
            boolean one = rules.size() == 1;
            clauses.add(countRules(rules.size()) + (one ? " was " : " were ") + how + " (" + perRule(rules) + "), so "
                    + (one ? "it was" : "they were") + " not checked");
        }
    }

    private static String countRules(int n) {
        return n == 1 ? "1 required rule" : n + " required rules";
    }

    /** {@code STR-5 for 4 models, BAT-2 for ParrotFakeChatModel}: two names at most, then a count. */
    private static String perRule(Map<Rule, List<String>> rules) {
        List<String> parts = new ArrayList<>();
        rules.forEach((rule, models) -> parts.add(rule.id() + " for "
                + (models.size() <= 2 ? and(models) : models.size() + " models")));
        return String.join(", ", parts);
    }

    private static List<Entry> withStatus(List<Entry> all, Status status) {
        return all.stream().filter(e -> e.status() == status).toList();
    }

    /**
     * Joins words as a sentence does: {@code a}, {@code a and b}, {@code a, b and c}.
     *
     * @param words the words
     * @return the phrase
     */
    static String and(List<String> words) {
        if (words.size() <= 1) {
            return String.join("", words);
        }
        return String.join(", ", words.subList(0, words.size() - 1)) + " and " + words.get(words.size() - 1);
    }

    /**
     * The scorecard as Markdown.
     *
     * @return the Markdown text
     */
    public String toMarkdown() {
        StringBuilder md = new StringBuilder();
        md.append("## chat-tck scorecard: ").append(modelName).append("\n\n");
        md.append(summary()).append("\n\n");
        md.append("Subject `").append(subject).append("`, ").append(capabilities).append(", ls parameters ")
                .append(lsParameters).append(", checked by chat-tck ").append(chatTckVersion).append("\n\n");
        if (wireDialect != null) {
            md.append("Tested over the wire: the kit's fake server spoke ").append(wireDialect)
                    .append(" and scripted every scenario.\n\n");
        }
        md.append(baseNote(true)).append("\n\n");
        md.append("| rule | what it asserts | level | base | result | ms | detail |\n|---|---|---|---|---|---|---|\n");
        for (Entry e : entries()) {
            md.append("| ").append(e.rule().id()).append(" | ").append(cell(e.rule().statement())).append(" | ")
                    .append(e.rule().level().prefix()).append(" | ")
                    .append(e.rule().guaranteedByBaseChatModel() ? "base" : "").append(" | ")
                    .append(e.status().name().toLowerCase(Locale.ROOT)).append(" | ").append(e.elapsedMs()).append(" | ")
                    .append(cell(e.detail())).append(" |\n");
        }
        return md.toString();
    }

    /**
     * What the base mark means for this model.
     *
     * @param markdown whether to quote code and bold the mark as Markdown does
     * @return one or two sentences
     */
    String baseNote(boolean markdown) {
        String base = markdown ? "**base**" : "base";
        String type = markdown ? "`BaseChatModel`" : "BaseChatModel";
        String chatModel = markdown ? "`ChatModel`" : "ChatModel";
        return builtOnBaseChatModel
                ? "The model is built on " + type + ": rules marked " + base + " hold by construction of that class,"
                + " so passing them tested chat-tck, not this model; the other rules tested the provider's own code."
                : "Rules marked " + base + " are the ones " + type + " guarantees by construction; a model that implements "
                + chatModel + " directly, as this one may, is tested on every rule.";
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    /**
     * The scorecard as plain text for a terminal: a heading, the {@link #summary() summary}, what was checked, and a
     * table with one row per rule (result, id, level, base mark, milliseconds, what it asserts, and why it did not
     * pass).
     *
     * @return the text
     */
    public String toText() {
        return ScorecardText.render(this);
    }

    /**
     * The scorecard as one self-contained HTML page (inline style, no script, nothing fetched): the model, the
     * subject, the capabilities, the ls parameters, the summary and the table, each result in colour and in words.
     *
     * @return the HTML document
     */
    public String toHtml() {
        return ScorecardHtml.render(this);
    }

    /**
     * The scorecard as a JSON-ready map.
     *
     * @return the map
     */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("subject", subject);
        map.put("model", modelName);
        map.put("ls_parameters", lsParameters);
        map.put("built_on_base_chat_model", builtOnBaseChatModel);
        map.put("wire_dialect", wireDialect);
        List<String> caps = new ArrayList<>();
        capabilities.asSet().forEach(c -> caps.add(c.id()));
        map.put("capabilities", caps);
        Map<String, Long> totals = new LinkedHashMap<>();
        for (Status s : Status.values()) {
            totals.put(s.name().toLowerCase(Locale.ROOT), count(s));
        }
        map.put("totals", totals);
        map.put("summary", summary());
        map.put("chat_tck_version", chatTckVersion);
        List<Map<String, Object>> rules = new ArrayList<>();
        for (Entry e : entries()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", e.rule().id());
            r.put("level", e.rule().level().prefix());
            r.put("needs", e.rule().needs().stream().map(Capability::id).sorted().toList());
            r.put("statement", e.rule().statement());
            r.put("guaranteed_by_base_chat_model", e.rule().guaranteedByBaseChatModel());
            r.put("result", e.status().name().toLowerCase(Locale.ROOT));
            r.put("detail", e.detail());
            r.put("elapsed_ms", e.elapsedMs());
            r.put("missing_capabilities", missingCapabilities(e.rule()).stream().map(Capability::id).toList());
            rules.add(r);
        }
        map.put("rules", rules);
        return map;
    }

    /**
     * Writes {@code <name>.md}, {@code <name>.json} and {@code <name>.html} into a directory.
     *
     * @param directory the directory, created if missing
     * @param name      the file name without extension
     * @return the Markdown file
     */
    public Path writeTo(Path directory, String name) {
        try {
            Files.createDirectories(directory);
            Path md = directory.resolve(name + ".md");
            Files.writeString(md, toMarkdown());
            JSON.writerWithDefaultPrettyPrinter().writeValue(directory.resolve(name + ".json").toFile(), toMap());
            Files.writeString(directory.resolve(name + ".html"), toHtml());
            return md;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the scorecard to " + directory, e);
        }
    }
}
