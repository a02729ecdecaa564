package io.github.chattck.conformance.models;

import io.github.chattck.core.CallOptions;
import io.github.chattck.core.ChunkSource;
import io.github.chattck.core.message.Message;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A correct push-style integration of {@link AcmeApi} on {@code BaseChatModel}: the API calls back from the client's
 * own executor (a fixed pool of the given size, made with the model, as an HTTP client keeps its threads), and the
 * chunks pass through the base's bounded hand-off; closing the stream cancels the subscription.
 */
public class AcmePushChatModel extends AcmeChatModel {
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    protected final ExecutorService executor;

    /**
     * An integration whose client runs callbacks on {@code threads} threads of its own.
     *
     * @param api     the API
     * @param threads the client's pool size
     */
    public AcmePushChatModel(AcmeApi api, int threads) {
        super(api);
        int client = CLIENTS.incrementAndGet();
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "acme-client-" + client + "-callback-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 2, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                factory);
        pool.allowCoreThreadTimeOut(true); // idle clients of the many fresh models a kit run makes go away
        this.executor = pool;
    }

    @Override
    protected ChunkSource streamChunks(List<Message> messages, CallOptions options) {
        AcmeApi.Request request = request(messages, options);
        return subscribed(request, executor);
    }

    /**
     * The request's events pushed from the executor into the base's hand-off; closing the stream cancels them.
     *
     * @param request  the request
     * @param callbacks the client's executor
     * @return the source
     */
    protected ChunkSource subscribed(AcmeApi.Request request, ExecutorService callbacks) {
        return ChunkSource.fromCallbacks(sink -> sink.onCancel(api.subscribe(request, callbacks, new AcmeApi.Listener() {
            @Override
            public boolean onEvent(AcmeApi.Event event) {
                return sink.next(chunk(event));
            }

            @Override
            public void onComplete() {
                sink.complete();
            }

            @Override
            public void onError(Throwable error) {
                sink.error(error);
            }
        })));
    }
}
