package io.jrtc.examples;

/**
 * A runnable example. The {@link Launcher} finds every public class that implements this in
 * {@code io.jrtc.examples} and its sub-packages (one per layer: {@code io.jrtc.examples.stun}, …), so
 * adding an example is adding a class with a public no-argument constructor.
 */
public interface Example {
    /** The name on the command line, e.g. {@code stun-client}. */
    String name();

    /** Arguments after the name, e.g. {@code HOST:PORT}. */
    String usage();

    /** One line saying what it shows. */
    String description();

    /** Runs the example; the return value is the process exit code. */
    int run(String[] args) throws Exception;
}
