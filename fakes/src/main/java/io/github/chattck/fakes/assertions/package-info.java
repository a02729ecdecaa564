/**
 * AssertJ assertions on scripted fakes: calls received, their messages, stop sequences, tools offered and run tags. Optional:
 * the classes here need assertj-core on the classpath; the fakes themselves do not.
 */
package io.github.chattck.fakes.assertions;
