/**
 * The benchmark program {@code bench/target/jrtc-bench.jar}: dc-throughput, connect, handshakes, scale,
 * forward, browser and chart, each ending in a {@code key=value} line for {@code bench/run-matrix.sh}.
 */
package io.jrtc.bench.program;
