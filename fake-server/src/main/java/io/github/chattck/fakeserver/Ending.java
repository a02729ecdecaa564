package io.github.chattck.fakeserver;

/** How a request the server received ended, as recorded in the journal. */
public enum Ending {
    /** The whole answer was written, with the dialect's terminal frame when streaming. */
    COMPLETED,
    /** Answered with an error status: scripted, a failed first call, an unparseable request, or a script that ran out. */
    FAILED_BY_STATUS,
    /** A scripted mid-stream error event ended the stream (OpenAI {@code {"error": ...}}, Anthropic {@code event: error}, ...). */
    FAILED_MID_STREAM,
    /** The connection was cut after the scripted number of frames, with no terminal frame. */
    CUT_BY_SCRIPT,
    /** The client went away (closed its stream or connection) before the answer was complete. */
    ABANDONED_BY_CLIENT,
    /** The server was stopped while the request was in flight; its connection was closed. */
    STOPPED_BY_SERVER
}
