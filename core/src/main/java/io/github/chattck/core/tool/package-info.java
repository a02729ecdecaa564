/**
 * Tools a model may call (SPEC 1.5): {@link io.github.chattck.core.tool.ToolDefinition} (a name, a description and
 * the JSON Schema of its parameters), {@link io.github.chattck.core.tool.ToolChoice} (whether and which tool the model
 * must call), and {@link io.github.chattck.core.tool.ToolArguments}, the one way to read a tool call's argument text
 * as JSON and write it back. A call carries its tools in {@link io.github.chattck.core.CallOptions#tools()}; a model
 * bound with {@link io.github.chattck.core.ChatModel#bindTools} carries them on every call.
 */
package io.github.chattck.core.tool;
