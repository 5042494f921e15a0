/**
 * JMH benchmarks of DTLS (RFC 6347); how to run them and their figures are in BENCHMARKS.md.
 */
package io.jrtc.bench.dtls;
