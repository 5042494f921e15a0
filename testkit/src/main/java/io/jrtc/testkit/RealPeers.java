package io.jrtc.testkit;

import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the real, independent peers that interop tests run against (coturn, openssl, gcc with
 * libsrtp2, ffmpeg, chromium). Locally a missing peer skips the test with a printed reason; in CI
 * ({@code CI=true}) it fails, because {@code .ci/run} is supposed to have installed it.
 */
public final class RealPeers {
    private RealPeers() {
    }

    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** The executable {@code name} on the PATH, if any. */
    public static Optional<Path> find(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        for (String dir : new String[] {"/usr/sbin", "/usr/bin", "/usr/local/bin", "/sbin"}) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * The executable {@code name}, or: in CI a failure, elsewhere a skip, each saying how to install
     * it ({@code installHint}, e.g. "apt-get install coturn").
     */
    public static Path require(String name, String installHint) {
        Optional<Path> p = find(name);
        if (p.isPresent()) {
            return p.get();
        }
        requireThat(false, name + " is not installed (" + installHint + ")");
        throw new AssertionError("unreachable");
    }

    /** Skips (locally) or fails (in CI) with {@code reason} unless {@code available}. */
    public static void requireThat(boolean available, String reason) {
        if (available) {
            return;
        }
        if (inCi()) {
            throw new AssertionError("CI=true and a real peer is missing: " + reason);
        }
        System.err.println("[skip] " + reason);
        Assumptions.abort(reason);
    }
}
