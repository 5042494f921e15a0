/**
 * JMH benchmarks of SCTP (RFC 9260) and SCTP over DTLS; how to run them and their figures are in BENCHMARKS.md.
 */
package io.jrtc.bench.sctp;
