package io.jrtc.examples.bench;

import io.jrtc.examples.Example;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code bench MODE [options]}: the benchmark program ({@code bench/target/jrtc-bench.jar}) from the
 * examples launcher. It lives in the bench module (it needs JMH's neighbours and the benchmark code),
 * so this runs it as a child process with the same JVM, found next to this jar in the source tree
 * ({@code ../../bench/target/jrtc-bench.jar}) or in the working directory's {@code bench/target/}.
 */
public final class BenchProgram implements Example {
    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String usage() {
        return "MODE [options]   (dc-throughput, connect, handshakes, scale, forward, browser, chart; MODE --help)";
    }

    @Override
    public String description() {
        return "the benchmark program bench/target/jrtc-bench.jar (build it with mvn package)";
    }

    @Override
    public int run(String[] args) throws IOException, InterruptedException {
        Path jar = find();
        if (jar == null) {
            throw new IOException("bench/target/jrtc-bench.jar not found; build it with: mvn -B -ntp package -DskipTests");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("-jar");
        cmd.add(jar.toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }));
        return p.waitFor();
    }

    private static Path find() {
        List<Path> candidates = new ArrayList<>();
        try {
            Path self = Path.of(BenchProgram.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // examples/target/jrtc-examples.jar or examples/target/classes
            candidates.add(self.getParent().getParent().getParent().resolve("bench/target/jrtc-bench.jar"));
        } catch (URISyntaxException | NullPointerException e) {
            // not from a file: only the working directory is left
        }
        candidates.add(Path.of("bench/target/jrtc-bench.jar"));
        for (Path c : candidates) {
            if (Files.isRegularFile(c)) {
                return c.toAbsolutePath().normalize();
            }
        }
        return null;
    }
}
