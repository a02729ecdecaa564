package io.github.chattck.conformance.cli;

import io.github.chattck.conformance.ChatModelConformanceTests;
import io.github.chattck.conformance.ConformanceExtension;
import io.github.chattck.conformance.subjects.BuiltInSubjects;
import io.github.chattck.core.ChatModel;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command-line runner: checks chat models against every rule and prints their scorecards. Without arguments it
 * checks the built-in reference fakes. Exit code 0 when no required rule failed, 1 when one did, 2 on bad usage.
 *
 * <pre>
 * java -jar chat-tck-conformance-runner.jar [--model-class FQCN [--capabilities a,b,...]] [--timeout 10s] [--scorecard-dir DIR]
 * </pre>
 * {@code --model-class} names either a subclass of {@link ChatModelConformanceTests} or a {@link ChatModel} with a
 * public no-arg constructor (then {@code --capabilities} lists its capabilities).
 */
public final class ConformanceRunner {
    private ConformanceRunner() {
    }

    /**
     * Runs and exits.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs without exiting, for tests.
     *
     * @param args the arguments
     * @param out  where the scorecards go
     * @param err  where usage errors go
     * @return the exit code
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        List<Class<?>> subjects = new ArrayList<>();
        String capabilities = "";
        Path dir = null;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--model-class":
                        subjects.add(subjectFor(value(args, ++i, "--model-class")));
                        break;
                    case "--capabilities":
                        capabilities = value(args, ++i, "--capabilities");
                        CommandLineSubject.parseCapabilities(capabilities);
                        break;
                    case "--timeout":
                        System.setProperty(ConformanceExtension.TIMEOUT_PROPERTY, value(args, ++i, "--timeout"));
                        ConformanceExtension.timeout();
                        break;
                    case "--scorecard-dir":
                        dir = Path.of(value(args, ++i, "--scorecard-dir"));
                        break;
                    case "--help":
                    case "-h":
                        out.println(usage());
                        return 0;
                    default:
                        throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
                }
            }
        } catch (IllegalArgumentException e) {
            err.println("chat-tck: " + e.getMessage());
            err.println(usage());
            return 2;
        }
        if (subjects.isEmpty()) {
            subjects.addAll(BuiltInSubjects.all());
        }
        System.setProperty(CommandLineSubject.CAPABILITIES_PROPERTY, capabilities);
        Path scorecards = dir != null ? dir : Path.of("target", "chat-tck-runner");
        System.setProperty(ConformanceExtension.SCORECARD_DIR_PROPERTY, scorecards.toString());

        List<ClassSelector> selectors = new ArrayList<>();
        subjects.forEach(s -> selectors.add(DiscoverySelectors.selectClass(s)));
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectors)
                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "false").build();
        // CB-2 makes listeners throw on purpose; their isolation is logged as a warning per callback, which would
        // bury the scorecard: keep only severe log lines while the rules run
        java.util.logging.Logger runLog = java.util.logging.Logger.getLogger("io.github.chattck.core.internal.RunContext");
        java.util.logging.Level previous = runLog.getLevel();
        runLog.setLevel(java.util.logging.Level.SEVERE);
        try {
            Launcher launcher = LauncherFactory.create();
            launcher.execute(request);
        } finally {
            runLog.setLevel(previous);
        }

        boolean requiredFailed = false;
        for (Class<?> subject : subjects) {
            Path md = scorecards.resolve(subject.getSimpleName() + ".md");
            Path json = scorecards.resolve(subject.getSimpleName() + ".json");
            try {
                out.println(Files.readString(md));
                requiredFailed |= requiredFailure(json);
            } catch (IOException e) {
                err.println("chat-tck: no scorecard for " + subject.getName() + " (" + e.getMessage() + ")");
                requiredFailed = true;
            }
        }
        out.println("Scorecards (Markdown and JSON): " + scorecards.toAbsolutePath());
        out.println(requiredFailed ? "RESULT: a required rule failed" : "RESULT: every required rule passed");
        return requiredFailed ? 1 : 0;
    }

    private static boolean requiredFailure(Path json) throws IOException {
        com.fasterxml.jackson.databind.JsonNode rules = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(json.toFile()).path("rules");
        for (com.fasterxml.jackson.databind.JsonNode r : rules) {
            if ("required".equals(r.path("level").asText()) && "failed".equals(r.path("result").asText())) {
                return true;
            }
        }
        return false;
    }

    private static Class<?> subjectFor(String className) {
        Class<?> type;
        try {
            type = Class.forName(className);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("--model-class " + className + " is not on the classpath");
        }
        if (ChatModelConformanceTests.class.isAssignableFrom(type)) {
            return type;
        }
        if (ChatModel.class.isAssignableFrom(type)) {
            System.setProperty(CommandLineSubject.MODEL_CLASS_PROPERTY, className);
            return CommandLineSubject.class;
        }
        throw new IllegalArgumentException("--model-class " + className
                + " is neither a ChatModel nor a ChatModelConformanceTests subclass");
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static String usage() {
        return "usage: java -jar chat-tck-conformance-runner.jar [--model-class FQCN [--capabilities a,b,...]]"
                + " [--timeout 10s] [--scorecard-dir DIR]";
    }
}
