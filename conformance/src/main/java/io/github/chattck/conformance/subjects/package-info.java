/**
 * The built-in conformance subjects: every fake of chat-tck-fakes with its honest capability profile. The
 * command-line runner checks them by default; the kit's own tests prove they pass every rule they declare.
 */
package io.github.chattck.conformance.subjects;
