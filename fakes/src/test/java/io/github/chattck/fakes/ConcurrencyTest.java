package io.github.chattck.fakes;

import io.github.chattck.core.message.AIMessageChunk;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ConcurrencyTest {
    private static final int THREADS = 8;
    private static final int TURNS = 400;

    @Test
    void concurrentCallsInQueueModeUseEveryTurnExactlyOnce() throws Exception {
        ScriptedChatModel.Builder builder = ScriptedChatModel.builder();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < TURNS; i++) {
            builder.turn(Turn.text("turn " + i));
            expected.add("turn " + i);
        }
        ScriptedChatModel model = builder.build();
        ConcurrentLinkedQueue<String> answers = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < TURNS / THREADS; i++) {
                        if ((i + thread) % 2 == 0) {
                            answers.add(model.invoke("q").content());
                        } else {
                            StringBuilder text = new StringBuilder();
                            for (AIMessageChunk c : model.stream("q")) {
                                text.append(c.content());
                            }
                            answers.add(text.toString());
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(answers).as("every turn used exactly once").containsExactlyInAnyOrderElementsOf(expected);
        assertThat(model.callCount()).isEqualTo(TURNS);
        assertThat(model.calls()).extracting(RecordedCall::number).doesNotHaveDuplicates().hasSize(TURNS);
    }
}
