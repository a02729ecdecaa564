package com.example.travel;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.TokenStream;

/** The app: a LangChain4j AI service that advises travellers, calling the weather tool when it needs to. */
public interface TravelAssistant {

    /**
     * Advice for a question, in one answer.
     *
     * @param question the traveller's question
     * @return the advice
     */
    @SystemMessage("You are a travel assistant. Use the weather tool before advising on clothes.")
    String advise(String question);

    /** The same assistant, streaming its answer. */
    interface Streaming {
        /**
         * Advice for a question, as it is written.
         *
         * @param question the traveller's question
         * @return the tokens
         */
        @SystemMessage("You are a travel assistant. Use the weather tool before advising on clothes.")
        TokenStream advise(String question);
    }

    /**
     * The assistant over any LangChain4j chat model (OpenAI, Anthropic ... in production).
     *
     * @param model the model
     * @param tools the weather tool
     * @return the assistant
     */
    static TravelAssistant create(ChatModel model, WeatherTools tools) {
        return AiServices.builder(TravelAssistant.class).chatModel(model).tools(tools).build();
    }

    /**
     * The streaming assistant.
     *
     * @param model the model
     * @param tools the weather tool
     * @return the assistant
     */
    static Streaming createStreaming(StreamingChatModel model, WeatherTools tools) {
        return AiServices.builder(Streaming.class).streamingChatModel(model).tools(tools).build();
    }
}
