package io.github.chattck.conformance;

import java.util.Locale;
import java.util.Map;

/**
 * Renders a {@link Scorecard} as one self-contained HTML page: inline style, no script, nothing fetched, so that the
 * file opens in any browser, from a CI artifact or an e-mail, and reads the same everywhere. Every text that comes
 * from a model or a failure is escaped.
 */
final class ScorecardHtml {
    /** Each result has its colour and its word: the colour is for scanning, the word for reading and for print. */
    static final String STYLE = String.join("\n",
            "body { font: 15px/1.45 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; color: #1f2328;",
            "       background: #fff; max-width: 90rem; margin: 2rem auto; padding: 0 1rem; }",
            "h1 { font-size: 1.5rem; margin: 0 0 .75rem; }",
            "p.summary { font-size: 1.1rem; margin: 0 0 1rem; padding: .75rem 1rem; background: #f6f8fa;",
            "            border-left: .4rem solid #1a7f37; }",
            "p.summary.failed { border-left-color: #cf222e; }",
            "p.summary.unchecked { border-left-color: #bf8700; }",
            "dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: 0 0 1.25rem; }",
            "dt { font-weight: 600; }",
            "dd { margin: 0; }",
            "code, td.detail { font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace; }",
            "table { border-collapse: collapse; width: 100%; }",
            "th, td { border: 1px solid #d0d7de; padding: .35rem .55rem; text-align: left; vertical-align: top; }",
            "th { background: #f6f8fa; }",
            "td.id, td.level, td.base { white-space: nowrap; }",
            "td.ms { text-align: right; }",
            "td.detail { font-size: .85rem; white-space: pre-wrap; overflow-wrap: anywhere; }",
            "td.result { font-weight: 700; white-space: nowrap; }",
            "tr.passed td.result { background: #2da44e; color: #fff; }",
            "tr.failed td.result { background: #cf222e; color: #fff; }",
            "tr.skipped td.result { background: #f2cc60; color: #3b2300; }",
            "tr.excluded td.result { background: #8c959f; color: #fff; }",
            "footer { margin-top: 1rem; color: #59636e; font-size: .85rem; }");

    private ScorecardHtml() {
    }

    static String render(Scorecard card) {
        StringBuilder html = new StringBuilder(16_384);
        String model = escape(card.modelName());
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>chat-tck scorecard: ").append(model).append("</title>\n")
                .append("<style>\n").append(STYLE).append("\n</style>\n</head>\n<body>\n");
        html.append("<h1>chat-tck scorecard: <span class=\"model\">").append(model).append("</span></h1>\n");
        html.append("<p class=\"summary ").append(summaryClass(card)).append("\">")
                .append(escape(card.summary())).append("</p>\n");

        html.append("<dl>\n");
        definition(html, "Model", model);
        definition(html, "Subject", "<code>" + escape(card.subject()) + "</code>");
        definition(html, "Capabilities", escape(ScorecardText.capabilities(card.capabilities())));
        if (card.wireDialect() != null) {
            definition(html, "Over the wire", "the kit's fake server spoke <code>" + escape(card.wireDialect()) + "</code>");
        }
        StringBuilder ls = new StringBuilder();
        for (Map.Entry<String, Object> p : card.lsParameters().entrySet()) {
            ls.append(ls.length() == 0 ? "" : ", ").append("<code>").append(escape(p.getKey())).append("</code> = ")
                    .append(escape(String.valueOf(p.getValue())));
        }
        definition(html, "ls parameters", ls.length() == 0 ? "none" : ls.toString());
        definition(html, "BaseChatModel", escape(card.baseNote(false)));
        html.append("</dl>\n");

        html.append("<table>\n<thead><tr><th>rule</th><th>what it asserts</th><th>level</th><th>base</th>")
                .append("<th>result</th><th>ms</th><th>detail</th></tr></thead>\n<tbody>\n");
        for (Scorecard.Entry e : card.entries()) {
            Rule rule = e.rule();
            String status = e.status().name().toLowerCase(Locale.ROOT);
            boolean ran = e.status() == Scorecard.Status.PASSED || e.status() == Scorecard.Status.FAILED;
            html.append("<tr class=\"").append(status).append("\" id=\"rule-").append(escape(rule.id())).append("\">")
                    .append("<td class=\"id\" title=\"if this fails, check: ").append(escape(rule.ifThisFailsCheck()))
                    .append("\">").append(escape(rule.id())).append("</td>")
                    .append("<td class=\"statement\">").append(escape(rule.statement())).append("</td>")
                    .append("<td class=\"level\">").append(rule.level().prefix()).append("</td>")
                    .append("<td class=\"base\">").append(rule.guaranteedByBaseChatModel() ? "base" : "").append("</td>")
                    .append("<td class=\"result\">").append(status).append("</td>")
                    .append("<td class=\"ms\">").append(ran ? Long.toString(e.elapsedMs()) : "").append("</td>")
                    .append("<td class=\"detail\">").append(escape(e.detail())).append("</td></tr>\n");
        }
        html.append("</tbody>\n</table>\n");
        html.append("<footer>Written by chat-tck ").append(escape(card.chatTckVersion()))
                .append(". Hover a rule id for where to look when it fails.</footer>\n</body>\n</html>\n");
        return html.toString();
    }

    /** Red when a required rule failed, amber when one was not checked, green when every required rule passed. */
    private static String summaryClass(Scorecard card) {
        if (card.requiredRuleFailed()) {
            return "failed";
        }
        boolean unchecked = card.entries().stream().anyMatch(e -> e.rule().level() == Level.REQUIRED
                && (e.status() == Scorecard.Status.SKIPPED || e.status() == Scorecard.Status.EXCLUDED));
        return unchecked ? "unchecked" : "ok";
    }

    private static void definition(StringBuilder html, String term, String safeHtml) {
        html.append("<dt>").append(term).append("</dt><dd>").append(safeHtml).append("</dd>\n");
    }

    /**
     * Escapes text for an HTML text node or a quoted attribute value: the five characters that could end either.
     *
     * @param text any text
     * @return the escaped text
     */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
