package io.github.chattck.fakes;

/** Which scripted turn a call gets, when no matcher or responder decides. */
public enum Sequencing {
    /** Each call takes the next turn; a call after the last turn fails, naming the call (the default). */
    QUEUE,
    /** Each call takes the next turn, starting over after the last. */
    CYCLE,
    /** Each call takes the next turn, and the last turn answers every call after it. */
    REPEAT_LAST;

    /**
     * Which turn the {@code call}-th call of the sequence takes (public for every player of a script: the scripted
     * model, the fake server).
     *
     * @param call  the call's position in the sequence, from 0
     * @param turns how many turns the sequence holds, {@code >= 1}
     * @return the turn's index, or -1 when a queue has run out
     */
    public int turnIndex(int call, int turns) {
        switch (this) {
            case CYCLE:
                return Math.floorMod(call, turns);
            case REPEAT_LAST:
                return Math.min(call, turns - 1);
            case QUEUE:
            default:
                return call < turns ? call : -1;
        }
    }
}
