package io.jrtc.fuzz;

import io.jrtc.core.Engine;

/** Drains an engine the way a real caller does after every input. */
final class Drain {
    private Drain() {
    }

    static void engine(Engine<?, ?> engine) {
        for (int i = 0; i < 10_000 && engine.pollTransmit() != null; i++) {
            // drop what it sends
        }
        for (int i = 0; i < 10_000 && engine.pollEvent() != null; i++) {
            // drop what it reports
        }
        engine.pollTimeout();
    }
}
