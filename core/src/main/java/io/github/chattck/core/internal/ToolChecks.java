package io.github.chattck.core.internal;

import io.github.chattck.core.tool.ToolChoice;
import io.github.chattck.core.tool.ToolDefinition;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The checks on the tools of one call (SPEC 1.5), shared by the call options and tool binding. Internal: not part
 * of the API.
 */
public final class ToolChecks {
    private ToolChecks() {
    }

    /**
     * Copies the tools of a call, which must have distinct names.
     *
     * @param tools the tools, not null, no null element
     * @return an immutable copy
     * @throws IllegalArgumentException naming the name used twice
     */
    public static List<ToolDefinition> distinct(List<ToolDefinition> tools) {
        List<ToolDefinition> copy = Checks.noNullElements(tools, "tools");
        if (copy.size() > 1) {
            Set<String> seen = new HashSet<>();
            for (ToolDefinition t : copy) {
                Checks.argument(seen.add(t.name()), "two tools are named '%s'; the tools of a call need distinct names: %s",
                        t.name(), names(copy));
            }
        }
        return copy;
    }

    /**
     * Checks that a call offering {@code tools} can honour {@code choice}: {@code required} and a named tool need
     * tools, and a named tool must be one of them.
     *
     * @param choice the choice, or null for none
     * @param tools  the tools of the call
     * @return the choice
     * @throws IllegalArgumentException naming the choice and the tools offered
     */
    public static ToolChoice honourable(ToolChoice choice, List<ToolDefinition> tools) {
        if (choice == null) {
            return null;
        }
        ToolChoice.Mode mode = choice.mode();
        if (mode == ToolChoice.Mode.REQUIRED || mode == ToolChoice.Mode.TOOL) {
            Checks.argument(!tools.isEmpty(), "the tool choice '%s' needs tools but the call offers none", choice);
        }
        if (mode == ToolChoice.Mode.TOOL) {
            Checks.argument(names(tools).contains(choice.toolName()),
                    "the tool choice '%s' names a tool the call does not offer; it offers %s", choice, names(tools));
        }
        return choice;
    }

    /**
     * The names of some tools, in order.
     *
     * @param tools the tools
     * @return their names
     */
    public static List<String> names(List<ToolDefinition> tools) {
        List<String> names = new ArrayList<>(tools.size());
        for (ToolDefinition t : tools) {
            names.add(t.name());
        }
        return names;
    }
}
