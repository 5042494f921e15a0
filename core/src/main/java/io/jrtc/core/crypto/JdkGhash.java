package io.jrtc.core.crypto;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * {@link Ghash} computed by the JDK's own GHASH class ({@code com.sun.crypto.provider.GHASH}), whose
 * block loop HotSpot replaces with carry-less multiply instructions (PCLMULQDQ, AVX): about ten times
 * faster than the table method, and reused for every packet of a key, so nothing is allocated.
 *
 * <p>Why not simply {@code Cipher.getInstance("AES/GCM/NoPadding")}: its only entry point is
 * {@code Cipher.init}, and every SRTP packet has a new IV, so every packet would build a new GCM
 * engine (about 1 KB on JDK 17 to 25). The GHASH class itself is internal to {@code java.base}, so
 * the application must open its package to jrtc on the command line, as Netty asks for its own fast
 * paths:
 * <pre>
 *   --add-opens java.base/com.sun.crypto.provider=ALL-UNNAMED
 * </pre>
 * (or {@code Add-Opens: java.base/com.sun.crypto.provider} in the manifest of an executable jar).
 * Without it, {@link #available()} is false with the reason in {@link #unavailableReason()}, and
 * users fall back (SRTP's {@code GcmImplementation.AUTO} to the JDK's cipher).
 *
 * <p>What jrtc relies on, checked once when this class loads: a constructor {@code GHASH(byte[] H)},
 * a method {@code int update(byte[] in, int offset, int length)} that absorbs the whole 16-byte blocks
 * of the range (checking its bounds), and the running hash in a field {@code long[] state} of two
 * big-endian halves. These are the same from JDK 17 to 25. The class then hashes a sample with a
 * random key and compares it with {@link TableGhash}; any difference, or any missing member, leaves
 * it unavailable rather than wrong.
 */
final class JdkGhash extends Ghash {
    static final String ADD_OPENS = "--add-opens java.base/com.sun.crypto.provider=ALL-UNNAMED";

    private static final MethodHandle NEW;
    private static final MethodHandle UPDATE;
    private static final MethodHandle STATE;
    /** Null when the JDK's GHASH can be used. */
    private static final String UNAVAILABLE;

    static {
        MethodHandle create = null;
        MethodHandle update = null;
        MethodHandle state = null;
        String why = null;
        try {
            Class<?> c = Class.forName("com.sun.crypto.provider.GHASH", false, null);
            MethodHandles.Lookup l = MethodHandles.privateLookupIn(c, MethodHandles.lookup());
            create = l.findConstructor(c, MethodType.methodType(void.class, byte[].class))
                    .asType(MethodType.methodType(Object.class, byte[].class));
            update = l.findVirtual(c, "update", MethodType.methodType(int.class, byte[].class, int.class, int.class))
                    .asType(MethodType.methodType(int.class, Object.class, byte[].class, int.class, int.class));
            state = l.findGetter(c, "state", long[].class)
                    .asType(MethodType.methodType(long[].class, Object.class));
        } catch (IllegalAccessException e) {
            why = "java.base does not open com.sun.crypto.provider to jrtc (start the JVM with " + ADD_OPENS + ")";
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            why = "this JDK's GHASH class is not the expected one: " + e;
        }
        NEW = create;
        UPDATE = update;
        STATE = state;
        UNAVAILABLE = why == null ? selfTest() : why;
    }

    /** {@return hashes 7 blocks under a random key both ways; null when the JDK's result is the table method's} */
    private static String selfTest() {
        try {
            java.util.SplittableRandom r = new java.util.SplittableRandom();
            byte[] h = new byte[16];
            byte[] data = new byte[7 * 16];
            r.nextBytes(h);
            r.nextBytes(data);
            Ghash theirs = new JdkGhash(h);
            Ghash ours = new TableGhash(h, false);
            for (Ghash g : new Ghash[] {theirs, ours}) {
                g.reset();
                g.update(data, 0, 48);
                g.update(data, 48, data.length - 48);
            }
            if (theirs.hi() != ours.hi() || theirs.lo() != ours.lo()) {
                return "the JDK's GHASH gave a different result in the self-test";
            }
            return null;
        } catch (RuntimeException | LinkageError e) {
            return "the JDK's GHASH failed in the self-test: " + e;
        }
    }

    /** {@return true when the JDK's GHASH is reachable and passed the self-test} */
    static boolean available() {
        return UNAVAILABLE == null;
    }

    /** {@return why {@link #available()} is false, or null} */
    static String unavailableReason() {
        return UNAVAILABLE;
    }

    private final Object ghash;
    /** The JDK object's running hash: {hi, lo}. */
    private final long[] state;

    /** The JDK's GHASH for key {@code h}; throws {@link IllegalStateException} when not {@link #available()}. */
    static JdkGhash create(byte[] h) {
        if (UNAVAILABLE != null) {
            throw new IllegalStateException("the JDK's GHASH is not available: " + UNAVAILABLE);
        }
        return new JdkGhash(h);
    }

    private JdkGhash(byte[] h) {
        if (h.length != 16) {
            throw new IllegalArgumentException("GHASH key must be 16 bytes");
        }
        try {
            ghash = (Object) NEW.invokeExact(h.clone());
            state = (long[]) STATE.invokeExact(ghash);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("JDK GHASH", t);
        }
        if (state.length != 2) {
            throw new IllegalStateException("JDK GHASH state has " + state.length + " words");
        }
    }

    @Override
    int tableBytes() {
        return 20 * Long.BYTES; // the JDK object's H table (18 longs in JDK 17) and state
    }

    @Override
    void resetState() {
        state[0] = 0;
        state[1] = 0;
    }

    @Override
    void blocks(byte[] in, int off, int len) {
        try {
            int done = (int) UPDATE.invokeExact(ghash, in, off, len);
            assert done == len;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("JDK GHASH", t);
        }
    }

    @Override
    long hi() {
        return state[0];
    }

    @Override
    long lo() {
        return state[1];
    }
}
