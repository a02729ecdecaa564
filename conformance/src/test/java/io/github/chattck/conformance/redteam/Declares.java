package io.github.chattck.conformance.redteam;

import io.github.chattck.conformance.Capabilities;

/** A red-team subject that shows the kit's tests what it declares. */
interface Declares {
    /**
     * The capabilities the subject declares.
     *
     * @return them
     */
    Capabilities declared();
}
