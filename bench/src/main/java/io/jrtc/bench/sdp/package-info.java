/**
 * JMH benchmarks of SDP (RFC 8866); how to run them and their figures are in BENCHMARKS.md.
 */
package io.jrtc.bench.sdp;
