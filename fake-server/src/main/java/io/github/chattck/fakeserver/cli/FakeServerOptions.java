package io.github.chattck.fakeserver.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;

/**
 * The command line's options, parsed in one place (so that a parsing library can replace this class alone).
 *
 * @param script the script file, or null with {@code help}
 * @param host   the address to listen on
 * @param port   the port (0: any free port)
 * @param help   whether {@code --help} was asked
 */
public record FakeServerOptions(Path script, InetAddress host, int port, boolean help) {
    /** The usage text. */
    public static final String USAGE = String.join("\n",
            "usage: java -jar chat-tck-fake-server-runner.jar --script FILE [--port N] [--host ADDRESS]",
            "",
            "Serves the scripted turns of FILE (JSON, see the README) as OpenAI (/v1/chat/completions,",
            "/v1/responses), Anthropic (/v1/messages) and Ollama (/api/chat), streaming and not.",
            "",
            "  --script FILE    the script (required)",
            "  --port N         the port, 0 for any free port (default 0; the URL is printed)",
            "  --host ADDRESS   the address to listen on (default the loopback address; 0.0.0.0 only inside a",
            "                   container whose port is published)",
            "  --help           this text",
            "",
            "Stops on Ctrl-C or SIGTERM and prints the journal of every request.");

    /**
     * Parses the arguments.
     *
     * @param args the command line
     * @return the options
     * @throws IllegalArgumentException naming the bad argument
     */
    public static FakeServerOptions parse(String... args) {
        Path script = null;
        InetAddress host = InetAddress.getLoopbackAddress();
        int port = 0;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--help":
                case "-h":
                    return new FakeServerOptions(null, host, 0, true);
                case "--script":
                    script = Path.of(value(args, ++i, arg));
                    break;
                case "--port": {
                    String v = value(args, ++i, arg);
                    try {
                        port = Integer.parseInt(v);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--port must be a number but was '" + v + "'");
                    }
                    if (port < 0 || port > 65535) {
                        throw new IllegalArgumentException("--port must be 0..65535 but was " + port);
                    }
                    break;
                }
                case "--host": {
                    String v = value(args, ++i, arg);
                    try {
                        host = InetAddress.getByName(v);
                    } catch (UnknownHostException e) {
                        throw new IllegalArgumentException("--host is not an address: '" + v + "'");
                    }
                    break;
                }
                default:
                    throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
        }
        if (script == null) {
            throw new IllegalArgumentException("--script FILE is required");
        }
        return new FakeServerOptions(script, host, port, false);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }
}
