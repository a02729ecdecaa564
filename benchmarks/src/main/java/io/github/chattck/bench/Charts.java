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
 * table of the figures with the ratios the targets are read from.
 */
public final class Charts {
    private Charts() {
    }

    /**
     * Reads the results and writes {@code pipelines.png}, {@code aggregation.png} and {@code results.md} beside them.
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
        Map<String, Double> scores = new LinkedHashMap<>();
        Map<String, Double> errors = new LinkedHashMap<>();
        for (JsonNode r : new ObjectMapper().readTree(json.toFile())) {
            String name = r.path("benchmark").asText().replace("io.github.chattck.bench.", "");
            JsonNode params = r.path("params");
            if (params.has("maxConcurrency")) {
                name += "[maxConcurrency=" + params.path("maxConcurrency").asText() + "]";
            }
            scores.put(name, r.path("primaryMetric").path("score").asDouble());
            errors.put(name, r.path("primaryMetric").path("scoreError").asDouble());
        }
        pipelines(scores, dir.resolve("pipelines"));
        aggregation(scores, dir.resolve("aggregation"));
        StringBuilder md = new StringBuilder("| benchmark | score | error (99.9%) |\n|---|---|---|\n");
        scores.forEach((k, v) -> md.append(String.format("| %s | %.2f | %.2f |%n", k, v, errors.get(k))));
        java.nio.file.Files.writeString(dir.resolve("results.md"), md.toString());
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
