/**
 * JMH benchmarks of the PeerConnection composition; how to run them and their figures are in BENCHMARKS.md.
 */
package io.jrtc.bench.webrtc;
