/**
 * Benchmarks: JMH benchmarks per layer ({@code jrtc-benchmarks.jar}) and the benchmark program
 * ({@code jrtc-bench.jar}, package {@code program}). Figures and their commands are in BENCHMARKS.md.
 */
package io.jrtc.bench;
