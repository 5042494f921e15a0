/** jrtc's test kit: the virtual clock, the seeded simulated network, vectors and real-peer helpers. */
module io.jrtc.testkit {
    requires transitive io.jrtc.core;
    requires static transitive org.junit.jupiter.api;

    exports io.jrtc.testkit;
}
