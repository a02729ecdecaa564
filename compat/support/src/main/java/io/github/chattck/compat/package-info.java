/**
 * What the compat modules share: {@link io.github.chattck.compat.CompatKit} runs a real client through the whole
 * conformance kit over the wire and asserts its documented {@link io.github.chattck.compat.Finding}s, and
 * {@link io.github.chattck.compat.MatrixRenderer} turns the scorecards into the compatibility matrix. Test support,
 * never deployed.
 */
package io.github.chattck.compat;
