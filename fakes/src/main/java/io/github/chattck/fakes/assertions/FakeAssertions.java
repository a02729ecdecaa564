package io.github.chattck.fakes.assertions;

import io.github.chattck.fakes.ScriptedChatModel;

/**
 * Entry point of the AssertJ assertions on fakes: {@code assertThat(model).wasCalledTimes(2).lastHumanMessageIs("hi")}.
 * Needs {@code org.assertj:assertj-core} on the test classpath (an optional dependency of this module).
 */
public final class FakeAssertions {
    private FakeAssertions() {
    }

    /**
     * Assertions on a scripted fake.
     *
     * @param model the fake
     * @return the assertion
     */
    public static ScriptedChatModelAssert assertThat(ScriptedChatModel model) {
        return new ScriptedChatModelAssert(model);
    }
}
