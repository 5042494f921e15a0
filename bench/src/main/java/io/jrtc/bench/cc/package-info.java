/**
 * JMH benchmarks of congestion control and pacing; how to run them and their figures are in BENCHMARKS.md.
 */
package io.jrtc.bench.cc;
