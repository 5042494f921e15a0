/**
 * JMH benchmarks of ICE (RFC 8445); how to run them and their figures are in BENCHMARKS.md.
 */
package io.jrtc.bench.ice;
