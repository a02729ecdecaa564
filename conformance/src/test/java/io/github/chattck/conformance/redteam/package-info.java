/**
 * The red team: broken and correct integrations of an in-process provider API ({@link
 * io.github.chattck.conformance.redteam.RtApi}), written blind (without reading the kit's own mutants) to measure
 * how many realistic defects the kit catches and whether it fails a correct but unusual model.
 */
package io.github.chattck.conformance.redteam;
