/**
 * Runnable examples, one per layer and a catalogue of browser examples, all started from the launcher:
 * {@code java -jar examples/target/jrtc-examples.jar NAME [ARGS]} ({@link io.jrtc.examples.Launcher}); every
 * one answers {@code --help}.
 */
package io.jrtc.examples;
