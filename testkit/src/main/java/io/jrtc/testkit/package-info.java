/**
 * The test kit: a virtual clock, the seeded simulated network (loss, bursts, duplication, reordering,
 * jitter, MTU, bandwidth with a drop-tail queue, NATs), the loop that runs engines against each other in
 * virtual time, RFC test vectors, and helpers that find and run real peers (coturn) with deadlines.
 */
package io.jrtc.testkit;
