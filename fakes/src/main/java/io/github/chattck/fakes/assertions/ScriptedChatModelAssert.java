package io.github.chattck.fakes.assertions;

import io.github.chattck.core.tool.ToolChoice;
import io.github.chattck.fakes.RecordedCall;
import io.github.chattck.fakes.ScriptedChatModel;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ListAssert;

import java.util.List;

/** AssertJ assertions on what a {@link ScriptedChatModel} received. */
public final class ScriptedChatModelAssert extends AbstractAssert<ScriptedChatModelAssert, ScriptedChatModel> {

    ScriptedChatModelAssert(ScriptedChatModel actual) {
        super(actual, ScriptedChatModelAssert.class);
    }

    /**
     * Checks the number of calls.
     *
     * @param expected the count
     * @return this
     */
    public ScriptedChatModelAssert wasCalledTimes(int expected) {
        isNotNull();
        if (actual.callCount() != expected) {
            failWithMessage("Expecting %s to have been called %d time(s) but it was called %d time(s): %s",
                    actual.name(), expected, actual.callCount(), actual.calls());
        }
        return this;
    }

    /**
     * Checks the model was never called.
     *
     * @return this
     */
    public ScriptedChatModelAssert wasNeverCalled() {
        return wasCalledTimes(0);
    }

    /**
     * Checks the last human message of the last call.
     *
     * @param expected the text
     * @return this
     */
    public ScriptedChatModelAssert lastHumanMessageIs(String expected) {
        RecordedCall last = lastCall();
        if (!expected.equals(last.lastHumanMessage())) {
            failWithMessage("Expecting the last call of %s to end with the human message \"%s\" but it was %s",
                    actual.name(), expected, last.lastHumanMessage() == null ? "absent" : "\"" + last.lastHumanMessage() + "\"");
        }
        return this;
    }

    /**
     * Checks the stop sequences of the last call.
     *
     * @param expected the sequences, in order
     * @return this
     */
    public ScriptedChatModelAssert lastCallHadStop(String... expected) {
        RecordedCall last = lastCall();
        if (!last.options().stop().equals(List.of(expected))) {
            failWithMessage("Expecting the last call of %s to have stop sequences %s but it had %s",
                    actual.name(), List.of(expected), last.options().stop());
        }
        return this;
    }

    /**
     * Checks the run of the last call carried these tags (among others).
     *
     * @param expected the tags
     * @return this
     */
    public ScriptedChatModelAssert lastCallTaggedWith(String... expected) {
        RecordedCall last = lastCall();
        List<String> tags = last.run() == null ? List.of() : last.run().tags();
        if (!tags.containsAll(List.of(expected))) {
            failWithMessage("Expecting the last call of %s to be tagged with %s but its tags were %s",
                    actual.name(), List.of(expected), tags);
        }
        return this;
    }

    /**
     * Checks the tools the last call offered the model, by name, in order.
     *
     * @param expected the tools' names; none to check that no tool was offered
     * @return this
     */
    public ScriptedChatModelAssert lastCallOfferedTools(String... expected) {
        RecordedCall last = lastCall();
        if (!last.toolNames().equals(List.of(expected))) {
            failWithMessage("Expecting the last call of %s to offer the tools %s but it offered %s",
                    actual.name(), List.of(expected), last.toolNames());
        }
        return this;
    }

    /**
     * Checks the tool choice of the last call.
     *
     * @param expected the choice, or null to check that none was set
     * @return this
     */
    public ScriptedChatModelAssert lastCallHadToolChoice(ToolChoice expected) {
        RecordedCall last = lastCall();
        if (!java.util.Objects.equals(last.toolChoice(), expected)) {
            failWithMessage("Expecting the last call of %s to have the tool choice %s but it had %s",
                    actual.name(), expected == null ? "(unset)" : expected, last.toolChoice() == null ? "(unset)" : last.toolChoice());
        }
        return this;
    }

    /**
     * Assertions on the list of recorded calls.
     *
     * @return a list assertion
     */
    public ListAssert<RecordedCall> calls() {
        isNotNull();
        return Assertions.assertThat(actual.calls()).as("calls of %s", actual.name());
    }

    private RecordedCall lastCall() {
        isNotNull();
        if (actual.calls().isEmpty()) {
            failWithMessage("Expecting %s to have been called but it was not (or its recording is off)", actual.name());
        }
        return actual.lastCall();
    }
}
