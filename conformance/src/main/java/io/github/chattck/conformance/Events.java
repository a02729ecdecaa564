package io.github.chattck.conformance;

import io.github.chattck.core.event.StreamEvent;
import io.github.chattck.core.message.AIMessageChunk;

import java.util.ArrayList;
import java.util.List;

/** Reading event lists: the rules' shared vocabulary for events. */
final class Events {
    private Events() {
    }

    /** The chunks of the {@code on_chat_model_stream} events, in order. */
    static List<AIMessageChunk> chunksOf(List<StreamEvent> events) {
        List<AIMessageChunk> chunks = new ArrayList<>();
        for (StreamEvent e : events) {
            if (e.event().equals(StreamEvent.ON_CHAT_MODEL_STREAM)) {
                chunks.add((AIMessageChunk) e.data().get("chunk"));
            }
        }
        return chunks;
    }

    /** The last event of that name, or null. */
    static StreamEvent last(List<StreamEvent> events, String name) {
        for (int i = events.size() - 1; i >= 0; i--) {
            if (events.get(i).event().equals(name)) {
                return events.get(i);
            }
        }
        return null;
    }

    static long count(List<StreamEvent> events, String name) {
        return events.stream().filter(e -> e.event().equals(name)).count();
    }

    static List<String> names(List<StreamEvent> events) {
        List<String> out = new ArrayList<>();
        events.forEach(e -> out.add(e.event()));
        return out;
    }
}
