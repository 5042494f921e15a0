/**
 * JMH benchmarks of the layers stacked by hand (ICE, DTLS, SCTP over DTLS); how to run them and their figures are in BENCHMARKS.md.
 */
package io.jrtc.bench.stack;
