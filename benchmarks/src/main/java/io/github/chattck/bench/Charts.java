package io.github.chattck.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders a JMH JSON result file ({@code -rf json}) as two PNG charts: nanoseconds per chunk of each streaming
 * pipeline per answer size, and the growth of aggregation with the number of chunks (log-log), plus a Markdown
 * table of the goals' ratios (with propagated errors) and of all figures, with the bytes allocated per operation,
 * after the README's tables ({@link GoalTables}; the goal tables also alone in {@code goal-tables.md}).
 */
public final class Charts {
    private Charts() {
    }

    /**
     * Reads the results and writes {@code pipelines.png}, {@code aggregation.png}, {@code results.md} and
     * {@code goal-tables.md} beside them.
     *
     * @param args the JMH JSON file
     * @throws IOException if a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: Charts <jmh-results.json>");
        }
        Path json = Path.of(args[0]);
        Path dir = json.toAbsolutePath().getParent();
        Map<String, Figure> figures = new LinkedHashMap<>();
        JsonNode results = new ObjectMapper().readTree(json.toFile());
        for (JsonNode r : results) {
            StringBuilder name = new StringBuilder(r.path("benchmark").asText().replace("io.github.chattck.bench.", ""));
            JsonNode params = r.path("params");
            if (params.size() > 0) {
                StringBuilder p = new StringBuilder();
                for (Map.Entry<String, JsonNode> e : params.properties()) {
                    p.append(p.length() == 0 ? "" : ",").append(e.getKey()).append('=').append(e.getValue().asText());
                }
                name.append('[').append(p).append(']');
            }
            JsonNode primary = r.path("primaryMetric");
            JsonNode alloc = r.path("secondaryMetrics").path("gc.alloc.rate.norm");
            figures.put(name.toString(), new Figure(primary.path("score").asDouble(), primary.path("scoreError").asDouble(),
                    primary.path("scoreUnit").asText(), alloc.isMissingNode() ? Double.NaN : alloc.path("score").asDouble()));
        }
        Map<String, Double> scores = new LinkedHashMap<>();
        figures.forEach((k, f) -> scores.put(k, f.score));
        pipelines(scores, dir.resolve("pipelines"));
        aggregation(scores, dir.resolve("aggregation"));
        StringBuilder md = new StringBuilder();
        String runLine = runLine(results);
        // what the README and docs/benchmarks.md keep between their markers: run-benchmarks.sh splices it in
        java.nio.file.Files.writeString(dir.resolve("goal-tables.md"), GoalTables.goals(figures));
        md.append("# Benchmark results\n\n").append("## The README's tables\n\n").append(GoalTables.all(figures, runLine))
                .append("\n## Goals (issue 13, issue 10)\n\n");
        md.append("| ratio | value | goal |\n|---|---|---|\n");
        goal(md, figures, "`stream()` / limit", "ChunkPipelineBenchmark.N1024.stream", "ChunkPipelineBenchmark.N1024.limit",
                "<= 2");
        goal(md, figures, "`streamEvents()` / `stream()`", "ChunkPipelineBenchmark.N1024.streamEvents",
                "ChunkPipelineBenchmark.N1024.stream", "<= 2");
        goal(md, figures, "push hand-off / `stream()`", "ChunkPipelineBenchmark.N1024.pushHandOff",
                "ChunkPipelineBenchmark.N1024.stream", "<= 3");
        goal(md, figures, "`stream()` / Reactor peer", "ChunkPipelineBenchmark.N1024.stream",
                "ChunkPipelineBenchmark.N1024.reactorPeer", "<= 1");
        goal(md, figures, "`stream()` / LangChain4j handler peer", "ChunkPipelineBenchmark.N1024.stream",
                "ChunkPipelineBenchmark.N1024.langchain4jPeer", "<= 1");
        goal(md, figures, "LangChain4j through chat-tck / raw handler", "AdapterBenchmark.langchain4jThroughChatTck",
                "AdapterBenchmark.langchain4jRawHandler", "<= 1.5");
        goal(md, figures, "Spring AI through chat-tck / raw Flux", "AdapterBenchmark.springAiThroughChatTck",
                "AdapterBenchmark.springAiRawFlux", "<= 1.5");
        goal(md, figures, "fake server throughput, chat-tck / aimock (time per frame, aimock / chat-tck)",
                "FakeServerBenchmark.frames[server=aimock]", "FakeServerBenchmark.frames[server=chat-tck]", ">= 2");
        goal(md, figures, "time to first frame, aimock / chat-tck", "FakeServerBenchmark.firstFrame[server=aimock]",
                "FakeServerBenchmark.firstFrame[server=chat-tck]", "");
        goal(md, figures, "start and first request, aimock / chat-tck",
                "FakeServerStartBenchmark.startAndFirstRequest[server=aimock]",
                "FakeServerStartBenchmark.startAndFirstRequest[server=chat-tck]", "");
        md.append("\n## All figures\n\n| benchmark | score | error (99.9%) | unit | allocated per op |\n|---|---|---|---|---|\n");
        figures.forEach((k, f) -> md.append(String.format(java.util.Locale.ROOT, "| %s | %.2f | %.2f | %s | %s |%n", k,
                f.score, f.error, f.unit, Double.isNaN(f.allocated) ? "" : String.format(java.util.Locale.ROOT, "%.1f B",
                        f.allocated))));
        java.nio.file.Files.writeString(dir.resolve("results.md"), md.toString());
    }

    /**
     * Where and how the figures were measured: the date, JMH, the JVM, the processors and their model, aimock's
     * version (environment variable {@code AIMOCK_VERSION}, set by {@code run-benchmarks.sh}).
     */
    private static String runLine(JsonNode results) throws IOException {
        StringBuilder line = new StringBuilder("Run of ").append(java.time.LocalDate.now(java.time.ZoneOffset.UTC));
        String cpu = "";
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (java.nio.file.Files.isReadable(cpuinfo)) {
            cpu = java.nio.file.Files.readAllLines(cpuinfo).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> " (" + l.substring(l.indexOf(':') + 1).trim() + ")").findFirst().orElse("");
        }
        line.append(" on ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs").append(cpu);
        if (results.size() > 0) {
            JsonNode first = results.get(0);
            line.append(", JMH ").append(first.path("jmhVersion").asText()).append(", ")
                    .append(first.path("vmName").asText()).append(' ').append(first.path("jdkVersion").asText());
        }
        String aimock = System.getenv("AIMOCK_VERSION");
        if (aimock != null && !aimock.isBlank()) {
            line.append(", ").append(aimock);
        }
        return line.append(". Errors are 99.9% confidence half-widths; a ratio's error is propagated from both figures "
                + "(relative errors in quadrature).").toString();
    }

    /** One benchmark's score, its error, unit and the bytes it allocated per operation (NaN without -prof gc). */
    static final class Figure {
        final double score;
        final double error;
        final String unit;
        final double allocated;

        Figure(double score, double error, String unit, double allocated) {
            this.score = score;
            this.error = Double.isNaN(error) ? 0 : error;
            this.unit = unit;
            this.allocated = allocated;
        }
    }

    /** A row of the goals table: a / b with its propagated error, if both were measured. */
    private static void goal(StringBuilder md, Map<String, Figure> figures, String what, String a, String b, String goal) {
        Figure x = figures.get(a);
        Figure y = figures.get(b);
        GoalTables.Ratio r = GoalTables.Ratio.of(x, y);
        if (r == null) {
            md.append("| ").append(what).append(" | not measured in this run | ").append(goal).append(" |\n");
            return;
        }
        md.append(String.format(java.util.Locale.ROOT, "| %s | %.2f ± %.2f (%.4g / %.4g %s) | %s |%n", what, r.value,
                r.error, x.score, y.score, x.unit, goal));
    }

    private static void pipelines(Map<String, Double> scores, Path out) throws IOException {
        String[] sizes = {"N16", "N1024", "N65536"};
        String[] pipelines = {"limit", "stream", "streamWithListener", "streamEvents", "publisherUnbounded",
            "publisherOneByOne", "pushHandOff", "reactorPeer", "langchain4jPeer"};
        CategoryChart chart = new CategoryChartBuilder().width(1100).height(550)
                .title("ns per chunk (log scale), by pipeline and answer size; lower is better")
                .xAxisTitle("pipeline").yAxisTitle("ns / chunk").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setXAxisLabelRotation(30);
        chart.getStyler().setYAxisMin(1.0);
        chart.getStyler().setYAxisLogarithmic(true); // the thread hand-off is 40x the rest: a linear axis hides them
        for (String size : sizes) {
            List<String> names = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            for (String p : pipelines) {
                Double v = scores.get("ChunkPipelineBenchmark." + size + "." + p);
                if (v != null) {
                    names.add(p);
                    values.add(v);
                }
            }
            if (!names.isEmpty()) {
                chart.addSeries(size.substring(1) + " chunks", names, values);
            }
        }
        BitmapEncoder.saveBitmap(chart, new File(out.toString()).getPath(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static void aggregation(Map<String, Double> scores, Path out) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(550)
                .title("aggregation: ns per chunk vs number of chunks (flat = linear total time)")
                .xAxisTitle("chunks").yAxisTitle("ns / chunk").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        for (String series : new String[] {"aggregatorText", "aggregatorToolArgs", "pairwiseText", "pairwiseToolArgs"}) {
            TreeMap<Integer, Double> points = new TreeMap<>();
            scores.forEach((k, v) -> {
                if (k.startsWith("AggregationBenchmark.N") && k.endsWith("." + series)) {
                    points.put(Integer.parseInt(k.substring("AggregationBenchmark.N".length(), k.lastIndexOf('.'))), v);
                }
            });
            if (!points.isEmpty()) {
                chart.addSeries(series, new ArrayList<>(points.keySet()), new ArrayList<>(points.values()));
            }
        }
        BitmapEncoder.saveBitmap(chart, new File(out.toString()).getPath(), BitmapEncoder.BitmapFormat.PNG);
    }
}
