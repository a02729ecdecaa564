package io.github.chattck.fakes;

/** Which scripted turn a call gets, when no matcher or responder decides. */
public enum Sequencing {
    /** Each call takes the next turn; a call after the last turn fails, naming the call (the default). */
    QUEUE,
    /** Each call takes the next turn, starting over after the last. */
    CYCLE,
    /** Each call takes the next turn, and the last turn answers every call after it. */
    REPEAT_LAST
}
