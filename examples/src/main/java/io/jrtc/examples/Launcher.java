package io.jrtc.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * {@code java -jar examples/target/jrtc-examples.jar NAME [ARGS]} runs one example; with no name it
 * lists them all.
 */
public final class Launcher {
    private static final String PACKAGE_PATH = "io/jrtc/examples/";

    private Launcher() {
    }

    public static void main(String[] args) throws Exception {
        // The layers log through System.Logger (java.util.logging by default): one line per message,
        // "LEVEL [LAYER] text", unless the user configured a format of their own.
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%4$-7s %5$s%6$s%n");
        }
        List<Example> examples = discover();
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            System.out.println("usage: java -jar jrtc-examples.jar NAME [ARGS]");
            System.out.println();
            System.out.println("examples:");
            for (Example e : examples) {
                System.out.printf("  %-16s %s%n", e.name(), e.description());
                System.out.printf("  %-16s   usage: %s %s%n", "", e.name(), e.usage());
            }
            System.exit(args.length == 0 ? 2 : 0);
        }
        for (Example e : examples) {
            if (e.name().equals(args[0])) {
                String[] rest = new String[args.length - 1];
                System.arraycopy(args, 1, rest, 0, rest.length);
                System.exit(e.run(rest));
            }
        }
        System.err.println("no example named '" + args[0] + "'; run without arguments for the list");
        System.exit(2);
    }

    /** Every example on the class path, ordered by package (layer), then name. */
    public static List<Example> discover() {
        List<String> classNames = new ArrayList<>();
        try {
            Path location = Path.of(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(location)) {
                Path root = location.resolve(PACKAGE_PATH);
                try (Stream<Path> files = Files.walk(root)) {
                    files.map(p -> location.relativize(p).toString().replace('\\', '/')).forEach(classNames::add);
                }
            } else {
                try (JarFile jar = new JarFile(location.toFile())) {
                    jar.stream().map(e -> e.getName()).forEach(classNames::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        List<Example> examples = new ArrayList<>();
        for (String entry : classNames) {
            if (!entry.startsWith(PACKAGE_PATH) || !entry.endsWith(".class") || entry.contains("$")) {
                continue;
            }
            String className = entry.substring(0, entry.length() - ".class".length()).replace('/', '.');
            try {
                Class<?> c = Class.forName(className, false, Launcher.class.getClassLoader());
                if (Example.class.isAssignableFrom(c) && !c.isInterface()
                        && !Modifier.isAbstract(c.getModifiers()) && Modifier.isPublic(c.getModifiers())) {
                    examples.add((Example) c.getConstructor().newInstance());
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot load example " + className, e);
            }
        }
        examples.sort(Comparator.comparing((Example e) -> e.getClass().getPackageName()).thenComparing(Example::name));
        return examples;
    }
}
