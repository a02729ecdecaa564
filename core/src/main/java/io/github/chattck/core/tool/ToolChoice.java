package io.github.chattck.core.tool;

import io.github.chattck.core.internal.Checks;

import java.util.Objects;

/**
 * Whether the model must call a tool, and which: {@link #auto()} (the model decides), {@link #none()} (it must
 * answer in text), {@link #required()} (it must call some tool) or {@link #tool(String)} (it must call that one).
 * A call without a choice leaves the API's default, which for every major API is {@code auto}. Immutable.
 */
public final class ToolChoice {
    /** The kinds of choice. */
    public enum Mode {
        /** The model decides whether to call a tool. */
        AUTO,
        /** The model must not call a tool. */
        NONE,
        /** The model must call at least one tool, any of them. */
        REQUIRED,
        /** The model must call the tool named by {@link ToolChoice#toolName()}. */
        TOOL
    }

    private static final ToolChoice AUTO = new ToolChoice(Mode.AUTO, null);
    private static final ToolChoice NONE = new ToolChoice(Mode.NONE, null);
    private static final ToolChoice REQUIRED = new ToolChoice(Mode.REQUIRED, null);

    private final Mode mode;
    private final String toolName;

    private ToolChoice(Mode mode, String toolName) {
        this.mode = mode;
        this.toolName = toolName;
    }

    /**
     * The model decides.
     *
     * @return the choice
     */
    public static ToolChoice auto() {
        return AUTO;
    }

    /**
     * The model must not call a tool.
     *
     * @return the choice
     */
    public static ToolChoice none() {
        return NONE;
    }

    /**
     * The model must call some tool.
     *
     * @return the choice
     */
    public static ToolChoice required() {
        return REQUIRED;
    }

    /**
     * The model must call this tool.
     *
     * @param name the tool's name, valid as in {@link ToolDefinition}
     * @return the choice
     * @throws IllegalArgumentException if the name is not a valid tool name
     */
    public static ToolChoice tool(String name) {
        return new ToolChoice(Mode.TOOL, ToolDefinition.checkName(name, "the tool of a tool choice"));
    }

    /**
     * The kind of choice.
     *
     * @return the mode
     */
    public Mode mode() {
        return mode;
    }

    /**
     * The tool the model must call.
     *
     * @return its name for {@link Mode#TOOL}, else null
     */
    public String toolName() {
        return toolName;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ToolChoice && ((ToolChoice) o).mode == mode && Objects.equals(((ToolChoice) o).toolName, toolName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mode, toolName);
    }

    /**
     * {@code auto}, {@code none}, {@code required} or {@code tool:<name>}.
     *
     * @return the choice as text
     */
    @Override
    public String toString() {
        return mode == Mode.TOOL ? "tool:" + toolName : mode.name().toLowerCase(java.util.Locale.ROOT);
    }
}
