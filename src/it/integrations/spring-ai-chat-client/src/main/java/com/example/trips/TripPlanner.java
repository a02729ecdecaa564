package com.example.trips;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;

/** Plans trips: a ChatClient with a system prompt and the weather tool. */
@Service
public class TripPlanner {
    private final ChatClient chat;

    /**
     * Creates the planner.
     *
     * @param builder the auto-configured ChatClient builder
     * @param weather the weather tool
     */
    public TripPlanner(ChatClient.Builder builder, WeatherTools weather) {
        this.chat = builder.defaultSystem("You plan trips. Check the weather before advising on clothes.")
                .defaultTools(weather).build();
    }

    /**
     * Advice for a question, in one answer.
     *
     * @param question the traveller's question
     * @return the advice
     */
    public String plan(String question) {
        return chat.prompt().user(question).call().content();
    }

    /**
     * Advice for a question, as it is written.
     *
     * @param question the traveller's question
     * @return the text as it comes
     */
    public Flux<String> planStreaming(String question) {
        return chat.prompt().user(question).stream().content();
    }
}
