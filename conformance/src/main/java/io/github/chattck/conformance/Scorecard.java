package io.github.chattck.conformance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of checking one model against the rules: per rule, passed / failed / skipped / excluded with the
 * reason and the time it took, plus the model's name, ls parameters and capabilities. Written as Markdown and JSON.
 * Thread-safe for recording.
 */
public final class Scorecard {
    /** The outcome of one rule. */
    public enum Status {
        /** The rule held. */
        PASSED,
        /** The rule was broken (or timed out). */
        FAILED,
        /** The model lacks a capability the rule needs. */
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
        this.subject = subject;
        this.modelName = modelName;
        this.lsParameters = Map.copyOf(lsParameters);
        this.capabilities = capabilities;
        this.builtOnBaseChatModel = builtOnBaseChatModel;
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
     * The scorecard as Markdown.
     *
     * @return the Markdown text
     */
    public String toMarkdown() {
        StringBuilder md = new StringBuilder();
        md.append("## chat-tck scorecard: ").append(modelName).append("\n\n");
        md.append("Subject `").append(subject).append("`, ").append(capabilities).append(", ls parameters ")
                .append(lsParameters).append("\n\n");
        md.append(builtOnBaseChatModel
                ? "The model is built on `BaseChatModel`: rules marked **base** hold by construction of that class,"
                + " so passing them tested chat-tck, not this model; the other rules tested the provider's own code.\n\n"
                : "Rules marked **base** are the ones `BaseChatModel` guarantees by construction; a model that implements"
                + " `ChatModel` directly, as this one may, is tested on every rule.\n\n");
        md.append(String.format("%d passed, %d failed, %d skipped, %d excluded%n%n", count(Status.PASSED),
                count(Status.FAILED), count(Status.SKIPPED), count(Status.EXCLUDED)));
        md.append("| rule | what it asserts | level | base | result | ms | detail |\n|---|---|---|---|---|---|---|\n");
        for (Entry e : entries()) {
            md.append("| ").append(e.rule().id()).append(" | ").append(cell(e.rule().statement())).append(" | ")
                    .append(e.rule().level().prefix()).append(" | ")
                    .append(e.rule().guaranteedByBaseChatModel() ? "base" : "").append(" | ")
                    .append(e.status().name().toLowerCase()).append(" | ").append(e.elapsedMs()).append(" | ")
                    .append(cell(e.detail())).append(" |\n");
        }
        return md.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
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
        List<String> caps = new ArrayList<>();
        capabilities.asSet().forEach(c -> caps.add(c.id()));
        map.put("capabilities", caps);
        Map<String, Long> totals = new LinkedHashMap<>();
        for (Status s : Status.values()) {
            totals.put(s.name().toLowerCase(), count(s));
        }
        map.put("totals", totals);
        List<Map<String, Object>> rules = new ArrayList<>();
        for (Entry e : entries()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", e.rule().id());
            r.put("level", e.rule().level().prefix());
            r.put("needs", e.rule().needs().stream().map(Capability::id).sorted().toList());
            r.put("statement", e.rule().statement());
            r.put("guaranteed_by_base_chat_model", e.rule().guaranteedByBaseChatModel());
            r.put("result", e.status().name().toLowerCase());
            r.put("detail", e.detail());
            r.put("elapsed_ms", e.elapsedMs());
            rules.add(r);
        }
        map.put("rules", rules);
        return map;
    }

    /**
     * Writes {@code <name>.md} and {@code <name>.json} into a directory.
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
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValue(directory.resolve(name + ".json").toFile(), toMap());
            return md;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the scorecard to " + directory, e);
        }
    }
}
