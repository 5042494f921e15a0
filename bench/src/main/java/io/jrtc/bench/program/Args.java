package io.jrtc.bench.program;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** {@code --name value} and {@code --flag} options of one mode; unknown or malformed ones are usage errors. */
final class Args {
    /** A wrong argument: the program prints its message and the mode's usage, exit 2. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    private final Map<String, String> values = new HashMap<>();
    private final Set<String> flags = new HashSet<>();
    private final Set<String> used = new HashSet<>();

    /**
     * @param args    the mode's arguments
     * @param valued  the options that take a value
     * @param flagNames the options that take none
     */
    Args(String[] args, Set<String> valued, Set<String> flagNames) throws UsageException {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (valued.contains(a)) {
                if (i + 1 >= args.length) {
                    throw new UsageException(a + " needs a value");
                }
                values.put(a, args[++i]);
            } else if (flagNames.contains(a)) {
                flags.add(a);
            } else {
                throw new UsageException("unknown option " + a);
            }
        }
    }

    boolean flag(String name) {
        return flags.contains(name);
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    String string(String name, String dflt) {
        used.add(name);
        return values.getOrDefault(name, dflt);
    }

    int integer(String name, int dflt, int min, int max) throws UsageException {
        String v = values.get(name);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw new UsageException(name + " must be between " + min + " and " + max + ", not " + v);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException(name + " takes a whole number, not " + v);
        }
    }

    double decimal(String name, double dflt, double min, double max) throws UsageException {
        String v = values.get(name);
        if (v == null) {
            return dflt;
        }
        try {
            double d = Double.parseDouble(v);
            if (!(d >= min && d <= max)) {
                throw new UsageException(name + " must be between " + min + " and " + max + ", not " + v);
            }
            return d;
        } catch (NumberFormatException e) {
            throw new UsageException(name + " takes a number, not " + v);
        }
    }
}
