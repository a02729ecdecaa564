package com.example.provider;

import io.github.chattck.core.BaseChatModel;
import io.github.chattck.core.CallOptions;
import io.github.chattck.core.message.AIMessage;
import io.github.chattck.core.message.Message;
import io.github.chattck.core.message.UsageMetadata;

import java.util.List;

/** A provider without streaming: answers with the last message, upper-cased. */
public final class EchoModel extends BaseChatModel {
    @Override
    protected AIMessage generate(List<Message> messages, CallOptions options) {
        String last = messages.get(messages.size() - 1).content().toUpperCase();
        return AIMessage.builder().content(last).usage(UsageMetadata.of(messages.size(), 1)).build();
    }

    @Override
    protected String providerName() {
        return "example";
    }
}
