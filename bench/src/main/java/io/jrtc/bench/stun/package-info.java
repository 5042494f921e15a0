/**
 * JMH benchmarks of STUN (RFC 8489); how to run them and their figures are in BENCHMARKS.md.
 */
package io.jrtc.bench.stun;
