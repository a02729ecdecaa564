/**
 * Scripted fake chat models for deterministic tests without API keys. One provider-neutral
 * {@link io.github.chattck.fakes.ScriptedChatModel} plays {@link io.github.chattck.fakes.Turn}s with chunking,
 * delays (on an injectable {@link io.github.chattck.fakes.FakeClock}) and faults; the named fakes are presets of it.
 */
package io.github.chattck.fakes;
