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
 *
 * <p>The rules every command follows, enforced here: {@code NAME --help} (or {@code -h}) prints the
 * usage and exits 0 without running anything; a wrong argument (the example throws
 * {@link IllegalArgumentException}, or prints its usage and returns 2) prints one line saying what is wrong and the usage,
 * exit 2; a failure while running prints one line, exit 1; a stack trace only with {@code --debug}.
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
                System.exit(run(e, rest));
            }
        }
        System.err.println("no example named '" + args[0] + "'; run without arguments for the list");
        System.exit(2);
    }

    /** Runs one example under the rules above; returns the exit code. */
    static int run(Example e, String[] args) {
        List<String> rest = new ArrayList<>(List.of(args));
        boolean debug = rest.remove("--debug");
        if (rest.contains("--help") || rest.contains("-h")) {
            System.out.println("usage: " + e.name() + " " + e.usage());
            System.out.println(e.description());
            return 0;
        }
        try {
            return e.run(rest.toArray(new String[0]));
        } catch (IllegalArgumentException x) {
            System.err.println(e.name() + ": " + oneLine(x));
            System.err.println("usage: " + e.name() + " " + e.usage());
            if (debug) {
                x.printStackTrace();
            }
            return 2;
        } catch (Exception | Error x) {
            System.err.println(e.name() + ": " + oneLine(x) + (debug ? "" : " (--debug for the stack trace)"));
            if (debug) {
                x.printStackTrace();
            }
            return 1;
        }
    }

    /** The exception's message on one line, its type when it has none. */
    static String oneLine(Throwable t) {
        String m = t.getMessage();
        String text = m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
        if (t.getCause() != null && t.getCause().getMessage() != null && !text.contains(t.getCause().getMessage())) {
            text += ": " + t.getCause().getMessage();
        }
        return text.replace('\n', ' ').strip();
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
