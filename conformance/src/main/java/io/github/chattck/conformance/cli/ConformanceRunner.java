package io.github.chattck.conformance.cli;

import io.github.chattck.conformance.Capability;
import io.github.chattck.conformance.ChatModelConformanceTests;
import io.github.chattck.conformance.ConformanceExtension;
import io.github.chattck.conformance.Scorecard;
import io.github.chattck.conformance.subjects.BuiltInSubjects;
import io.github.chattck.core.ChatModel;
import io.github.chattck.core.internal.ChatTckVersion;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The command-line runner: checks chat models against every rule and prints their scorecards. Without arguments it
 * checks the built-in reference fakes. Exit code 0 when no required rule failed, 1 when one did, 2 on bad usage.
 *
 * <pre>
 * java -jar chat-tck-conformance-VERSION-runner.jar [--model-class CLASS]... [--capabilities CAPABILITY[,CAPABILITY...]]
 *      [--timeout DURATION] [--scorecard-dir DIR] [--help] [--version]
 * </pre>
 * {@code --model-class} names either a subclass of {@link ChatModelConformanceTests} or a {@link ChatModel} with a
 * public no-arg constructor (then {@code --capabilities} lists its capabilities). The options are parsed by picocli,
 * an optional dependency of this module that the runner jar bundles.
 */
@Command(name = "chat-tck-conformance", mixinStandardHelpOptions = true, versionProvider = ConformanceRunner.Version.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {"Checks chat models against every rule of the chat-tck specification and prints a scorecard per "
                + "model: a sentence saying what passed, what failed, what was skipped and why, and what was excluded, "
                + "then a row per rule. Without --model-class it checks the built-in reference fakes.", ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:no required rule failed", "1:a required rule failed, or a model left no scorecard",
                "2:a bad command line (the error names the option)"},
        footer = {"%nExamples:",
                "  java -jar chat-tck-conformance-VERSION-runner.jar",
                "  java -cp chat-tck-conformance-VERSION-runner.jar:my.jar \\",
                "      io.github.chattck.conformance.cli.ConformanceRunner \\",
                "      --model-class com.acme.MyChatModel \\",
                "      --capabilities tokenStreaming,deterministic --timeout 20s"})
public final class ConformanceRunner implements Callable<Integer> {
    private static final Path DEFAULT_SCORECARD_DIR = Path.of("target", "chat-tck-runner");

    @Spec
    private CommandSpec spec;

    @Option(names = "--model-class", paramLabel = "CLASS", converter = ModelClassConverter.class,
            description = {"A ChatModel with a public no-arg constructor (its capabilities from --capabilities), or a "
                    + "ChatModelConformanceTests subclass (it declares its own). Repeatable. "
                    + "Default: the built-in reference fakes."})
    private List<Class<?>> modelClasses = new ArrayList<>();

    @Option(names = "--capabilities", paramLabel = "CAPABILITY", split = ",", converter = CapabilityConverter.class,
            description = {"What the ChatModel named by --model-class can do, comma-separated: tokenStreaming, "
                    + "toolCalling, usageMetadata, stopSequences, deterministic, failureTrigger, slowStream, "
                    + "concurrentCalls. A rule that needs a capability not listed is skipped, and the scorecard says so. "
                    + "Default: none."})
    private List<Capability> capabilities = new ArrayList<>();

    @Option(names = "--timeout", paramLabel = "DURATION", converter = TimeoutConverter.class,
            description = {"How long a rule may go without any sign of progress before it fails as a hang: 10s, "
                    + "500ms or PT10S. Default: the chattck.timeout system property or CHATTCK_TIMEOUT variable, else 10s."})
    private Duration timeout;

    @Option(names = "--scorecard-dir", paramLabel = "DIR",
            description = {"Where the scorecards are written, as Markdown, JSON and HTML. Default: target/chat-tck-runner."})
    private Path scorecardDir = DEFAULT_SCORECARD_DIR;

    private final PrintStream out;
    private final PrintStream err;

    private ConformanceRunner(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
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
     * @param out  where the scorecards, the usage and the version go
     * @param err  where usage errors go
     * @return the exit code
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine commandLine = new CommandLine(new ConformanceRunner(out, err));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    /**
     * Checks the models the command line named and prints their scorecards; called by picocli after parsing.
     *
     * @return the exit code: 0 when no required rule failed, 1 when one did or a scorecard is missing
     */
    @Override
    public Integer call() {
        List<Class<?>> subjects = subjects();
        System.setProperty(CommandLineSubject.CAPABILITIES_PROPERTY,
                capabilities.stream().map(Capability::id).collect(Collectors.joining(",")));
        if (timeout != null) {
            System.setProperty(ConformanceExtension.TIMEOUT_PROPERTY, timeout.toString());
        }
        System.setProperty(ConformanceExtension.SCORECARD_DIR_PROPERTY, scorecardDir.toString());
        for (Class<?> subject : subjects) {
            forgetEarlierScorecard(subject);
        }
        launch(subjects);

        List<Scorecard> scorecards = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (Class<?> subject : subjects) {
            try {
                Scorecard card = Scorecard.readJson(scorecardDir.resolve(subject.getSimpleName() + ".json"));
                out.println(card.toText());
                scorecards.add(card);
            } catch (UncheckedIOException | IllegalArgumentException e) {
                err.println("chat-tck: no scorecard for " + subject.getName() + " (" + e.getMessage() + ")");
                missing.add(subject.getSimpleName());
            }
        }
        out.println("Scorecards (Markdown, JSON and HTML, one of each per model): " + scorecardDir.toAbsolutePath());
        String verdict = Scorecard.verdict(scorecards);
        if (!missing.isEmpty()) {
            verdict = "no scorecard for " + String.join(", ", missing) + " (see the errors above), so "
                    + (missing.size() == 1 ? "its" : "their") + " rules were not checked; " + verdict;
        }
        out.println("RESULT: " + verdict);
        boolean requiredFailed = scorecards.stream().anyMatch(Scorecard::requiredRuleFailed);
        return requiredFailed || !missing.isEmpty() ? 1 : 0;
    }

    /** The test classes to run, after the checks that need more than one option at a time. */
    private List<Class<?>> subjects() {
        List<String> chatModels = modelClasses.stream().filter(c -> !ChatModelConformanceTests.class.isAssignableFrom(c))
                .map(Class::getName).toList();
        if (chatModels.size() > 1) {
            throw new ParameterException(spec.commandLine(), "--model-class names " + chatModels.size()
                    + " ChatModel classes (" + String.join(", ", chatModels) + "); one run checks one ChatModel with the"
                    + " --capabilities given, so name the others in ChatModelConformanceTests subclasses or run again");
        }
        if (!capabilities.isEmpty() && chatModels.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--capabilities applies to a --model-class naming a"
                    + " ChatModel; the built-in fakes and ChatModelConformanceTests subclasses declare their own");
        }
        List<Class<?>> subjects = new ArrayList<>();
        for (Class<?> type : modelClasses) {
            if (ChatModelConformanceTests.class.isAssignableFrom(type)) {
                subjects.add(type);
            } else {
                System.setProperty(CommandLineSubject.MODEL_CLASS_PROPERTY, type.getName());
                subjects.add(CommandLineSubject.class);
            }
        }
        if (subjects.isEmpty()) {
            subjects.addAll(BuiltInSubjects.all());
        }
        return subjects;
    }

    /** A scorecard left by an earlier run must not stand in for one this run failed to write. */
    private void forgetEarlierScorecard(Class<?> subject) {
        for (String extension : List.of(".md", ".json", ".html")) {
            try {
                Files.deleteIfExists(scorecardDir.resolve(subject.getSimpleName() + extension));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot replace the scorecard " + subject.getSimpleName() + extension
                        + " in " + scorecardDir.toAbsolutePath(), e);
            }
        }
    }

    private static void launch(List<Class<?>> subjects) {
        List<ClassSelector> selectors = new ArrayList<>();
        subjects.forEach(s -> selectors.add(DiscoverySelectors.selectClass(s)));
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectors)
                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "false").build();
        // CB-2 makes listeners throw on purpose; their isolation is logged as a warning per callback, which would
        // bury the scorecard: keep only severe log lines while the rules run
        Logger runLog = Logger.getLogger("io.github.chattck.core.internal.RunContext");
        Level previous = runLog.getLevel();
        runLog.setLevel(Level.SEVERE);
        try {
            LauncherFactory.create().execute(request);
        } finally {
            runLog.setLevel(previous);
        }
    }

    /** {@code --version}: the version in the runner jar's manifest, or the one the build wrote for classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"chat-tck conformance runner " + ChatTckVersion.of(ConformanceRunner.class)};
        }
    }

    /** {@code --model-class}: a class on the classpath that the runner can check. */
    static final class ModelClassConverter implements CommandLine.ITypeConverter<Class<?>> {
        @Override
        public Class<?> convert(String name) {
            Class<?> type;
            try {
                type = Class.forName(name.trim());
            } catch (ClassNotFoundException | LinkageError e) {
                throw new TypeConversionException("'" + name + "' is not on the classpath (" + e + ")");
            }
            if (ChatModelConformanceTests.class.isAssignableFrom(type)) {
                return type;
            }
            if (!ChatModel.class.isAssignableFrom(type)) {
                throw new TypeConversionException("'" + name + "' is neither a ChatModel nor a ChatModelConformanceTests subclass");
            }
            try {
                if (Modifier.isAbstract(type.getModifiers()) || !Modifier.isPublic(type.getConstructor().getModifiers())) {
                    throw new NoSuchMethodException();
                }
            } catch (NoSuchMethodException e) {
                throw new TypeConversionException("'" + name + "' is a ChatModel the runner cannot create: it needs a "
                        + "concrete class with a public no-arg constructor (or name a ChatModelConformanceTests subclass)");
            }
            return type;
        }
    }

    /** {@code --capabilities}: one capability id of the spec, any case. */
    static final class CapabilityConverter implements CommandLine.ITypeConverter<Capability> {
        @Override
        public Capability convert(String id) {
            try {
                return Capability.byId(id);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code --timeout}: as the {@code chattck.timeout} setting is written. */
    static final class TimeoutConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return ConformanceExtension.parseTimeout(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
