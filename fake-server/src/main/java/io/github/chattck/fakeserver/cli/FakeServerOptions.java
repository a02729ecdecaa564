package io.github.chattck.fakeserver.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.net.InetAddress;
import java.nio.file.Path;

/**
 * The command line's options, filled in by picocli (a mixin of {@link FakeServerMain}): the script, the port and the
 * address to listen on. Each bad value is a picocli parameter error naming the option and the value.
 */
final class FakeServerOptions {
    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    @Option(names = "--script", paramLabel = "FILE", required = true,
            description = {"The script: JSON turns of text, tool calls, usage and faults (see docs/fake-server.md)."})
    private Path script;

    private int port;

    @Option(names = "--host", paramLabel = "ADDRESS",
            description = {"The address to listen on. Default: the loopback address. 0.0.0.0 only inside a container "
                    + "whose port is published."})
    private InetAddress host = InetAddress.getLoopbackAddress();

    @Option(names = "--port", paramLabel = "N", defaultValue = "0",
            description = {"The port, 0 for any free port (the URL is printed). Default: 0."})
    void port(int value) {
        if (value < 0 || value > 65535) {
            throw new ParameterException(spec.commandLine(),
                    "Invalid value for option '--port': must be 0..65535 but was " + value);
        }
        port = value;
    }

    Path script() {
        return script;
    }

    int port() {
        return port;
    }

    InetAddress host() {
        return host;
    }
}
