/**
 * The command-line runner: runs the conformance rules on the JUnit Platform against the built-in fakes or a model
 * class named on the command line, and prints the scorecards.
 */
package io.github.chattck.conformance.cli;
