/**
 * JMH benchmarks of RTP/RTCP and the packetizers; how to run them and their figures are in BENCHMARKS.md.
 */
package io.jrtc.bench.rtp;
