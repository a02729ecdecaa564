package io.github.chattck.conformance;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/** Renders a {@link Scorecard} as plain text for a terminal: aligned columns, the statement last so it may wrap. */
final class ScorecardText {
    private ScorecardText() {
    }

    static String render(Scorecard card) {
        StringBuilder text = new StringBuilder();
        text.append("## ").append(card.modelName()).append('\n');
        text.append(card.summary()).append('\n');
        text.append("Subject ").append(card.subject()).append("; capabilities: ").append(capabilities(card.capabilities()))
                .append("; ls parameters: ").append(lsParameters(card.lsParameters())).append("; chat-tck ")
                .append(card.chatTckVersion()).append('\n');
        if (card.wireDialect() != null) {
            text.append("Tested over the wire: the kit's fake server spoke ").append(card.wireDialect()).append('\n');
        }
        text.append(card.baseNote(false)).append("\n\n");

        int idWidth = "rule".length();
        for (Scorecard.Entry e : card.entries()) {
            idWidth = Math.max(idWidth, e.rule().id().length());
        }
        String row = "%-8s  %-" + idWidth + "s  %-8s  %-4s  %6s  %s%n";
        text.append(String.format(Locale.ROOT, row, "result", "rule", "level", "base", "ms", "what it asserts"));
        String indent = " ".repeat(8 + 2 + idWidth + 2 + 8 + 2 + 4 + 2 + 6 + 2);
        for (Scorecard.Entry e : card.entries()) {
            Rule rule = e.rule();
            Set<Capability> missing = card.missingCapabilities(rule);
            boolean ran = e.status() == Scorecard.Status.PASSED || e.status() == Scorecard.Status.FAILED;
            String statement = rule.statement();
            if (e.status() == Scorecard.Status.SKIPPED && !missing.isEmpty()) {
                statement += "  [needs " + Scorecard.and(missing.stream().map(Capability::id).toList()) + "]";
            }
            text.append(String.format(Locale.ROOT, row, word(e.status()), rule.id(), rule.level().prefix(),
                    rule.guaranteedByBaseChatModel() ? "base" : "", ran ? Long.toString(e.elapsedMs()) : "", statement));
            String why = switch (e.status()) {
                case FAILED, EXCLUDED -> e.detail();
                case SKIPPED -> missing.isEmpty() ? "did not apply: " + Scorecard.notApplicableReason(e) : "";
                case PASSED -> "";
            };
            if (!why.isBlank()) {
                text.append(indent).append("-> ").append(why.replace('\n', ' ')).append('\n');
            }
        }
        return text.toString();
    }

    /** A failure shouts, so that it is found in a long table; the other results are plain words. */
    private static String word(Scorecard.Status status) {
        String word = status.name().toLowerCase(Locale.ROOT);
        return status == Scorecard.Status.FAILED ? word.toUpperCase(Locale.ROOT) : word;
    }

    static String capabilities(Capabilities capabilities) {
        if (capabilities.asSet().isEmpty()) {
            return "none declared";
        }
        StringJoiner ids = new StringJoiner(", ");
        capabilities.asSet().forEach(c -> ids.add(c.id()));
        return ids.toString();
    }

    private static String lsParameters(Map<String, Object> ls) {
        if (ls.isEmpty()) {
            return "none";
        }
        StringJoiner pairs = new StringJoiner(", ");
        ls.forEach((k, v) -> pairs.add(k + "=" + v));
        return pairs.toString();
    }
}
