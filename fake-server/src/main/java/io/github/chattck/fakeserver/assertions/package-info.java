/**
 * AssertJ assertions on the fake server's journal: {@code assertThat(server).lastRequest().hasLastUserMessage("hi")
 * .endedAs(Ending.COMPLETED)}. Optional: the classes here need assertj-core on the classpath; the server does not.
 */
package io.github.chattck.fakeserver.assertions;
