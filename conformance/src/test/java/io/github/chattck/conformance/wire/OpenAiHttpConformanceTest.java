package io.github.chattck.conformance.wire;

/** The reference provider over the wire passes every rule it declares, the WIRE rules included. */
class OpenAiHttpConformanceTest extends OpenAiHttpSubject {
}
