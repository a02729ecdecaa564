/**
 * The command-line runner: runs the conformance rules on the JUnit Platform against the built-in fakes or a model
 * class named on the command line, and prints the scorecards. The options are parsed by picocli, an optional
 * dependency of this module: the runner jar bundles it, a provider's test classpath does not need it.
 */
package io.github.chattck.conformance.cli;
