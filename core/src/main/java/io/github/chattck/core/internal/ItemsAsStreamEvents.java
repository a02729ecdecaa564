package io.github.chattck.core.internal;

import java.util.UUID;

/**
 * A listener that makes the stream events of one run from that run's stream items, as they are pulled, rather
 * than from its chunk callbacks: the run's context then does not report its chunks to this listener (when no other
 * listener wants them either, a chunk costs no callback at all). Sound for the kit's own runs, which report a chunk
 * as the last thing of the pull that yields it: an event made right after the pull sits where the callback's would.
 * {@code streamEvents} uses it for the root run of the kit's own components. Internal: not part of the API.
 */
public interface ItemsAsStreamEvents {
    /**
     * The run whose chunks this listener takes from its items.
     *
     * @return the run id, or null for none
     */
    UUID itemsRunId();
}
