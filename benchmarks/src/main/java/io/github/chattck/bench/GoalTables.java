package io.github.chattck.bench;

import java.util.Locale;
import java.util.Map;

/**
 * The tables of the README's Benchmarks section (the goals: pipelines, adapters, fake server vs aimock; then aggregation
 * and batch), rendered from one run's figures in the README's own shape, each verdict read from the ratio and its error: met,
 * met on the mean within the error, missed on the mean within the error, or missed. {@code run-benchmarks.sh} splices
 * the goal tables between the markers {@code <!-- benchmarks:start -->} and {@code <!-- benchmarks:end -->} of the
 * documents that have them.
 */
final class GoalTables {
    private static final String PIPE = "ChunkPipelineBenchmark.N1024.";
    private final Map<String, Charts.Figure> figures;
    private final StringBuilder md = new StringBuilder();

    private GoalTables(Map<String, Charts.Figure> figures) {
        this.figures = figures;
    }

    /**
     * The goal tables that the README and docs/benchmarks.md keep between their markers: pipelines, adapters, fake
     * server vs aimock (a table whose figures are missing says so in its rows).
     *
     * @param figures the run's figures by benchmark name (with parameters in brackets)
     * @return the Markdown, without a blank line at the end
     */
    static String goals(Map<String, Charts.Figure> figures) {
        GoalTables t = new GoalTables(figures);
        t.pipelines();
        t.adapters();
        t.fakeServer();
        return emptyCells(t.md.toString()).stripTrailing() + "\n";
    }

    /**
     * The run line, the goal tables, then the aggregation and batch tables, as the Benchmarks section shows them.
     *
     * @param figures the run's figures by benchmark name (with parameters in brackets)
     * @param runLine the sentence that says where and how the figures were measured
     * @return the Markdown
     */
    static String all(Map<String, Charts.Figure> figures, String runLine) {
        GoalTables t = new GoalTables(figures);
        t.md.append(runLine).append("\n\n").append(goals(figures)).append('\n');
        t.aggregation();
        t.batch();
        return emptyCells(t.md.toString());
    }

    /** Empty cells as the README writes them, {@code | |} (twice: neighbouring empty cells share a bar). */
    private static String emptyCells(String markdown) {
        return markdown.replace("|  |", "| |").replace("|  |", "| |");
    }

    private void pipelines() {
        md.append("| pipeline (1,024 chunks) | ns / chunk | allocated / chunk | ratio | goal |\n|---|---|---|---|---|\n");
        Charts.Figure limit = figures.get(PIPE + "limit");
        Charts.Figure stream = figures.get(PIPE + "stream");
        row("limit: iterate prebuilt chunks, consume, aggregate the text", "limit", limit == null ? "" : "1.0", "");
        row("`stream()`, zero-delay scripted fake, no listener", "stream", ratio("stream", "limit", " x limit"),
                verdict("<= 2 x limit", "stream", "limit", 2, true));
        row("`stream()` with one listener", "streamWithListener", plainRatio("streamWithListener", "stream"), "");
        row("`streamEvents()`", "streamEvents", ratio("streamEvents", "stream", " x `stream()`"),
                verdict("<= 2 x `stream()`", "streamEvents", "stream", 2, true));
        row("`Flow.Publisher` view, unbounded demand", "publisherUnbounded", plainRatio("publisherUnbounded", "stream"),
                "");
        row("`Flow.Publisher` view, demand 1 at a time", "publisherOneByOne", plainRatio("publisherOneByOne", "stream"),
                "");
        Charts.Figure longPush = figures.get("ChunkPipelineBenchmark.N65536.pushHandOff");
        Charts.Figure longStream = figures.get("ChunkPipelineBenchmark.N65536.stream");
        String longRun = longPush == null || longStream == null ? "" : String.format(Locale.ROOT,
                " (65,536 chunks: %s, %.1f x)", withError(longPush), longPush.score / longStream.score);
        row("push-style provider through the bounded hand-off", "pushHandOff",
                ratio("pushHandOff", "stream", " x `stream()`"),
                verdict("<= 3 x `stream()`", "pushHandOff", "stream", 3, true) + longRun);
        row("peer: Reactor `Flux` doing the same work as `stream()`", "reactorPeer",
                "`stream()` " + ratio("stream", "reactorPeer", " x"),
                verdict("`stream()` at least as fast", "stream", "reactorPeer", 1, true));
        row("peer: LangChain4j handler (text only: no id stamping, no chunk objects)", "langchain4jPeer",
                "`stream()` " + ratio("stream", "langchain4jPeer", " x"),
                verdict("at least as fast", "stream", "langchain4jPeer", 1, true));
        md.append('\n');
        if (stream == null) {
            md.append("(`stream()` was not measured in this run: no ratios.)\n\n");
        }
    }

    private void row(String what, String benchmark, String ratio, String goal) {
        Charts.Figure f = figures.get(PIPE + benchmark);
        md.append("| ").append(what).append(" | ").append(f == null ? "not measured" : withError(f)).append(" | ")
                .append(f == null || Double.isNaN(f.allocated) ? "" : String.format(Locale.ROOT, "%.0f B", f.allocated))
                .append(" | ").append(ratio).append(" | ").append(goal).append(" |\n");
    }

    private String ratio(String a, String b, String suffix) {
        Ratio r = Ratio.of(figures.get(PIPE + a), figures.get(PIPE + b));
        return r == null ? "" : String.format(Locale.ROOT, "%.2f ± %.2f%s", r.value, r.error, suffix);
    }

    private String plainRatio(String a, String b) {
        Ratio r = Ratio.of(figures.get(PIPE + a), figures.get(PIPE + b));
        return r == null ? "" : String.format(Locale.ROOT, "%.2f x `stream()`", r.value);
    }

    private String verdict(String goal, String a, String b, double bound, boolean atMost) {
        return goal + ": " + Ratio.verdict(Ratio.of(figures.get(PIPE + a), figures.get(PIPE + b)), bound, atMost);
    }

    private void adapters() {
        md.append("| adapters, zero-latency models, 1,024 pieces | raw API, ns / piece | through chat-tck | ratio | goal |\n"
                + "|---|---|---|---|---|\n");
        adapter("LangChain4j `StreamingChatModel`, callbacks on its own thread; raw: append in the handler, join a "
                + "`CompletableFuture`", "AdapterBenchmark.langchain4jRawHandler",
                "AdapterBenchmark.langchain4jThroughChatTck");
        adapter("Spring AI `ChatModel`, a `Flux` making one `ChatResponse` per piece; raw: read each text in "
                + "`doOnNext`, `blockLast`", "AdapterBenchmark.springAiRawFlux", "AdapterBenchmark.springAiThroughChatTck");
        md.append('\n');
    }

    private void adapter(String what, String raw, String through) {
        Charts.Figure r = figures.get(raw);
        Charts.Figure t = figures.get(through);
        Ratio ratio = Ratio.of(t, r);
        md.append("| ").append(what).append(" | ").append(withAllocation(r)).append(" | ").append(withAllocation(t))
                .append(" | ").append(ratio == null ? "" : String.format(Locale.ROOT, "%.2f ± %.2f", ratio.value,
                        ratio.error)).append(" | <= 1.5: ").append(Ratio.verdict(ratio, 1.5, true)).append(" |\n");
    }

    private void fakeServer() {
        md.append("| fake LLM server vs aimock, same script, same client (JDK `HttpClient`, SSE read line by line, "
                + "HTTP/1.1 keep-alive) | chat-tck | aimock | chat-tck's lead | goal |\n|---|---|---|---|---|\n");
        Charts.Figure ours = figures.get("FakeServerBenchmark.frames[server=chat-tck]");
        Charts.Figure theirs = figures.get("FakeServerBenchmark.frames[server=aimock]");
        Ratio lead = Ratio.of(theirs, ours);
        md.append("| 1,000 one-word OpenAI Chat Completions frames, zero delay: time per frame | ").append(perFrame(ours))
                .append(" | ").append(perFrame(theirs)).append(" | ").append(times(lead, 2)).append(" | >= 2 x: ")
                .append(Ratio.verdict(lead, 2, false)).append(" |\n");
        Charts.Figure ourFirst = figures.get("FakeServerBenchmark.firstFrame[server=chat-tck]");
        Charts.Figure theirFirst = figures.get("FakeServerBenchmark.firstFrame[server=aimock]");
        md.append("| time to the first (and only) frame of a request | ").append(withUnit(ourFirst)).append(" | ")
                .append(withUnit(theirFirst)).append(" | ").append(times(Ratio.of(theirFirst, ourFirst), 2))
                .append(" | |\n");
        Charts.Figure ourStart = figures.get("FakeServerStartBenchmark.startAndFirstRequest[server=chat-tck]");
        Charts.Figure theirStart = figures.get("FakeServerStartBenchmark.startAndFirstRequest[server=aimock]");
        md.append("| start a server and read its first answer, in a JVM that has started one before | ")
                .append(withUnit(ourStart)).append(" | ").append(withUnit(theirStart))
                .append(theirStart == null ? "" : " (a Node process)").append(" | ")
                .append(times(Ratio.of(theirStart, ourStart), 0)).append(" | well under 100 ms: ")
                .append(wellUnder100Ms(ourStart)).append(" |\n");
        Charts.Figure ourCold = figures.get("FakeServerStartBenchmark.coldStartAndFirstRequest[server=chat-tck]");
        Charts.Figure theirCold = figures.get("FakeServerStartBenchmark.coldStartAndFirstRequest[server=aimock]");
        Charts.Figure jackson = figures.get("JacksonColdStartBenchmark.firstStreamingTree");
        String verdict = wellUnder100Ms(ourCold);
        if (jackson != null && verdict.contains("missed")) {
            verdict += ": Jackson's first streaming parse into a tree (the server makes no `ObjectMapper`) alone takes "
                    + withUnit(jackson) + " here";
        }
        md.append("| the same in a fresh JVM (5 forks), the server's classes and Jackson not loaded yet | ")
                .append(withUnit(ourCold)).append(" | ").append(withUnit(theirCold)).append(" | ")
                .append(times(Ratio.of(theirCold, ourCold), 1)).append(" | well under 100 ms: ").append(verdict)
                .append(" |\n\n");
    }

    private static String perFrame(Charts.Figure f) {
        if (f == null) {
            return "not measured";
        }
        return String.format(Locale.ROOT, "%.2f ± %.2f µs (%,d frames/s)", f.score / 1000, f.error / 1000,
                Math.round(1e9 / f.score / 1000) * 1000);
    }

    private static String times(Ratio r, int decimals) {
        if (r == null) {
            return "";
        }
        return decimals == 2 ? String.format(Locale.ROOT, "%.2f ± %.2f x", r.value, r.error)
                : String.format(Locale.ROOT, "%." + decimals + "f x", r.value);
    }

    /** "Well under 100 ms": the whole interval below 100 ms. */
    private static String wellUnder100Ms(Charts.Figure f) {
        if (f == null) {
            return "not measured";
        }
        double ms = toMillis(f.score, f.unit);
        double error = toMillis(f.error, f.unit);
        return ms + error < 100 ? "**met**" : ms < 100 ? "**met on the mean, within the error**" : "**missed**";
    }

    private static double toMillis(double value, String unit) {
        switch (unit) {
            case "us/op":
                return value / 1000;
            case "ns/op":
                return value / 1e6;
            case "s/op":
                return value * 1000;
            default:
                return value;
        }
    }

    private void aggregation() {
        md.append("| aggregation | 1,000 | 10,000 | 100,000 | 1,000,000 | time(1e6) / time(1e5) |\n|---|---|---|---|---|---|\n");
        aggregationRow("`ChunkAggregator`, text (ns/chunk)", "aggregatorText", true);
        aggregationRow("`ChunkAggregator`, tool-call args (ns/chunk)", "aggregatorToolArgs", true);
        aggregationRow("pairwise `concat`, text (ns/chunk)", "pairwiseText", false);
        aggregationRow("pairwise `concat`, tool-call args (ns/chunk)", "pairwiseToolArgs", false);
        md.append('\n');
    }

    private void aggregationRow(String what, String series, boolean linear) {
        md.append("| ").append(what);
        for (String n : new String[] {"1000", "10000", "100000", "1000000"}) {
            Charts.Figure f = figures.get("AggregationBenchmark.N" + n + "." + series);
            md.append(" | ");
            if (f != null) {
                md.append(number(f.score));
                if (f.error > f.score / 2) {
                    md.append(" ± ").append(number(f.error)); // an interval this wide says more than the mean
                }
            } else if (!linear && n.equals("100000")) {
                md.append("(quadratic: not run)");
            }
        }
        md.append(" | ");
        Charts.Figure large = figures.get("AggregationBenchmark.N1000000." + series);
        Charts.Figure small = figures.get("AggregationBenchmark.N100000." + series);
        if (linear && large != null && small != null) {
            // total time grows by the chunk count (10 x) times the per-chunk ratio
            Ratio perChunk = Ratio.of(large, small);
            Ratio total = new Ratio(10 * perChunk.value, 10 * perChunk.error);
            String verdict = Ratio.verdict(total, 12, true).replace("**", "");
            if (verdict.startsWith("missed on the mean") && total.error > 5 * (total.value - 12)) {
                verdict = "missed on the mean, far within the error";
            }
            md.append(String.format(Locale.ROOT, "%.1f (target <= 12: %s)", total.value, verdict));
        }
        md.append(" |\n");
    }

    private void batch() {
        double lowest = Double.MAX_VALUE;
        double highest = 0;
        for (String c : new String[] {"1", "8", "64"}) {
            Charts.Figure sleep = figures.get("BatchBenchmark.latency[maxConcurrency=" + c + "]");
            if (sleep != null) {
                lowest = Math.min(lowest, sleep.score);
                highest = Math.max(highest, sleep.score);
            }
        }
        String measured = highest == 0 ? "" : String.format(Locale.ROOT, " (measured sleep: %,.0f-%,.0f µs)", lowest,
                highest);
        md.append("| `batch` of 1,000 inputs, 1 ms latency").append(measured)
                .append(" | µs / input | ideal | efficiency |\n|---|---|---|---|\n");
        for (String c : new String[] {"1", "8", "64"}) {
            Charts.Figure f = figures.get("BatchBenchmark.batch[maxConcurrency=" + c + "]");
            Charts.Figure sleep = figures.get("BatchBenchmark.latency[maxConcurrency=" + c + "]");
            md.append("| maxConcurrency ").append(c).append(" | ");
            if (f == null || sleep == null) {
                md.append("not measured | | |\n");
                continue;
            }
            double ideal = sleep.score / Integer.parseInt(c);
            double efficiency = ideal / f.score;
            md.append(String.format(Locale.ROOT, "%,.1f", f.score));
            if (f.error > f.score / 10) {
                md.append(String.format(Locale.ROOT, " ± %,.1f", f.error));
            }
            md.append(String.format(Locale.ROOT, " | %,.1f | %.0f%%", ideal, Math.min(100, 100 * efficiency)));
            if (!c.equals("1")) {
                md.append(" (target >= 90%: ").append(efficiency >= 0.9 ? "met" : "missed").append(')');
            }
            md.append(" |\n");
        }
    }

    /** A figure with its error, as many decimals as its error shows (two significant digits, at most two). */
    static String withError(Charts.Figure f) {
        int decimals = f.error <= 0 ? 2 : Math.max(0, Math.min(2, 1 - (int) Math.floor(Math.log10(f.error))));
        return String.format(Locale.ROOT, "%." + decimals + "f ± %." + decimals + "f", f.score, f.error);
    }

    private static String withAllocation(Charts.Figure f) {
        if (f == null) {
            return "not measured";
        }
        return withError(f) + (Double.isNaN(f.allocated) ? "" : String.format(Locale.ROOT, " (%.0f B)", f.allocated));
    }

    private static String withUnit(Charts.Figure f) {
        if (f == null) {
            return "not measured";
        }
        String unit = f.unit.replace("/op", "").replace("us", "µs");
        return withError(f) + " " + unit;
    }

    private static String number(double v) {
        return v < 100 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%,.0f", v);
    }

    /** a / b with its error propagated from both (relative errors in quadrature). */
    static final class Ratio {
        final double value;
        final double error;

        Ratio(double value, double error) {
            this.value = value;
            this.error = error;
        }

        static Ratio of(Charts.Figure a, Charts.Figure b) {
            if (a == null || b == null) {
                return null;
            }
            double value = a.score / b.score;
            return new Ratio(value, value * Math.sqrt(Math.pow(a.error / a.score, 2) + Math.pow(b.error / b.score, 2)));
        }

        /** Met, met on the mean (within the error), missed on the mean (within the error), or missed. */
        static String verdict(Ratio r, double bound, boolean atMost) {
            if (r == null) {
                return "not measured";
            }
            double margin = atMost ? bound - r.value : r.value - bound;
            if (margin >= r.error) {
                return "**met**";
            }
            if (margin >= 0) {
                return "**met on the mean, within the error**";
            }
            return -margin <= r.error ? "**missed on the mean, within the error**" : "**missed**";
        }
    }
}
