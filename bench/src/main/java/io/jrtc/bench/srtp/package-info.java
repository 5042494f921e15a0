/**
 * JMH benchmarks of SRTP (RFC 3711, RFC 7714); how to run them and their figures are in BENCHMARKS.md.
 */
package io.jrtc.bench.srtp;
