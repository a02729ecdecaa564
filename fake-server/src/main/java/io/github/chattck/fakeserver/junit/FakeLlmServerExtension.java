package io.github.chattck.fakeserver.junit;

import io.github.chattck.core.internal.Checks;
import io.github.chattck.fakeserver.FakeLlmScope;
import io.github.chattck.fakeserver.FakeLlmServer;
import io.github.chattck.fakeserver.Script;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Starts the fake LLM server for tests, on the loopback address and a free port.
 * <pre>{@code
 * @RegisterExtension
 * static FakeLlmServerExtension fakeLlm = FakeLlmServerExtension.create();
 *
 * @Test
 * void answers(FakeLlmScope llm) {                       // or (@FakeLlmBaseUrl String baseUrl)
 *     llm.turns(Turn.text("Hello world"));
 *     ... point the client at llm.baseUrl() / llm.openAiBaseUrl() ...
 *     assertThat(llm).lastRequest().hasLastUserMessage("hi");
 * }
 * }</pre>
 * Registered on a {@code static} field, one server serves the whole class and every test gets a fresh
 * {@link FakeLlmScope} of it (its own script, position and journal, at {@code /scopes/NAME}), so tests may run in
 * parallel. Registered on an instance field, each test gets a server of its own and its root scope. Either way the
 * journal is fresh for each test, and test (and {@code @BeforeEach}) methods can take a {@link FakeLlmScope}, the
 * {@link FakeLlmServer}, or a {@code String} / {@code URI} annotated {@link FakeLlmBaseUrl}.
 */
public final class FakeLlmServerExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(FakeLlmServerExtension.class);
    private static final String SCOPE = "scope";
    private static final String OWN_SERVER = "server";

    private final Script script;
    private final AtomicInteger scopeNumbers = new AtomicInteger();
    private final ThreadLocal<FakeLlmScope> current = new ThreadLocal<>();
    private final ThreadLocal<FakeLlmServer> currentOwn = new ThreadLocal<>();
    private volatile FakeLlmServer classServer;
    private int classDepth;

    private FakeLlmServerExtension(Script script) {
        this.script = script;
    }

    /**
     * An extension whose tests start with the empty script (each test scripts its scope).
     *
     * @return the extension
     */
    public static FakeLlmServerExtension create() {
        return new FakeLlmServerExtension(Script.empty());
    }

    /**
     * An extension whose tests each start with this script (from its first turn).
     *
     * @param script the script
     * @return the extension
     */
    public static FakeLlmServerExtension withScript(Script script) {
        return new FakeLlmServerExtension(Checks.notNull(script, "script"));
    }

    /**
     * The server: the class's (static registration) or the current test's (instance registration).
     *
     * @return the running server
     * @throws IllegalStateException outside a test
     */
    public FakeLlmServer server() {
        FakeLlmServer server = classServer;
        if (server != null) {
            return server;
        }
        server = currentOwn.get();
        if (server == null) {
            throw new IllegalStateException("the fake LLM server runs only while a test of the class runs (on the "
                    + "test's thread); take a FakeLlmServer parameter elsewhere");
        }
        return server;
    }

    /**
     * The scope of the test running on this thread (what a {@link FakeLlmScope} parameter receives).
     *
     * @return the scope
     * @throws IllegalStateException outside a test's thread
     */
    public FakeLlmScope scope() {
        FakeLlmScope scope = current.get();
        if (scope == null) {
            throw new IllegalStateException("no test is running on this thread: take a FakeLlmScope parameter instead");
        }
        return scope;
    }

    @Override
    public synchronized void beforeAll(ExtensionContext context) {
        if (classDepth++ == 0) {
            classServer = FakeLlmServer.builder().build().start();
        }
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        if (--classDepth == 0) {
            FakeLlmServer server = classServer;
            classServer = null;
            if (server != null) {
                server.close();
            }
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        FakeLlmServer shared = classServer;
        FakeLlmScope scope;
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        if (shared != null) {
            String method = context.getTestMethod().map(m -> m.getName()).orElse("test").replaceAll("[^A-Za-z0-9._-]", "_");
            scope = shared.newScope(method + "-" + scopeNumbers.incrementAndGet());
        } else {
            FakeLlmServer own = FakeLlmServer.builder().build().start();
            store.put(OWN_SERVER, own);
            currentOwn.set(own);
            scope = own.rootScope();
        }
        scope.script(script);
        store.put(SCOPE, scope);
        current.set(scope);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        current.remove();
        currentOwn.remove();
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        FakeLlmScope scope = store.remove(SCOPE, FakeLlmScope.class);
        if (scope != null) {
            scope.close();
        }
        FakeLlmServer own = store.remove(OWN_SERVER, FakeLlmServer.class);
        if (own != null) {
            own.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == FakeLlmScope.class || type == FakeLlmServer.class
                || parameter.isAnnotated(FakeLlmBaseUrl.class) && (type == String.class || type == URI.class);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (type == FakeLlmServer.class) {
            FakeLlmServer server = classServer;
            if (server == null) {
                server = context.getStore(NAMESPACE).get(OWN_SERVER, FakeLlmServer.class);
            }
            if (server == null) {
                throw new ParameterResolutionException("the fake LLM server is not running here: register the "
                        + "extension on a static field to use it in @BeforeAll methods");
            }
            return server;
        }
        FakeLlmScope scope = context.getStore(NAMESPACE).get(SCOPE, FakeLlmScope.class);
        if (scope == null) {
            throw new ParameterResolutionException("a FakeLlmScope (or its base URL) is per test: take it in a test or "
                    + "@BeforeEach method, not in " + parameter.getDeclaringExecutable());
        }
        if (type == FakeLlmScope.class) {
            return scope;
        }
        String url = scope.baseUrl() + parameter.findAnnotation(FakeLlmBaseUrl.class).map(FakeLlmBaseUrl::suffix).orElse("");
        return type == URI.class ? URI.create(url) : url;
    }
}
