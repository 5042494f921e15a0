package io.jrtc.stun;

/**
 * A STUN method: a 12-bit number (RFC 8489 §5). STUN itself defines only Binding; TURN (RFC 8656)
 * adds Allocate, Refresh, Send, Data, CreatePermission and ChannelBind. Any other 12-bit value parses
 * too and is kept as it is.
 *
 * @param code the method number, 0x000..0xFFF
 */
public record Method(int code) {
    /** The Binding method (0x001). */
    public static final Method BINDING = new Method(0x001);
    /** The Allocate method (0x003), TURN (RFC 8656). */
    public static final Method ALLOCATE = new Method(0x003);
    /** The Refresh method (0x004), TURN (RFC 8656). */
    public static final Method REFRESH = new Method(0x004);
    /** The Send method (0x006), TURN (RFC 8656). */
    public static final Method SEND = new Method(0x006);
    /** The Data method (0x007), TURN (RFC 8656). */
    public static final Method DATA = new Method(0x007);
    /** The CreatePermission method (0x008), TURN (RFC 8656). */
    public static final Method CREATE_PERMISSION = new Method(0x008);
    /** The ChannelBind method (0x009), TURN (RFC 8656). */
    public static final Method CHANNEL_BIND = new Method(0x009);

    /**
     * Checks the components.
     *
     * @param code the method number, 0x000..0xFFF
     */
    public Method {
        if (code < 0 || code > 0xFFF) {
            throw new IllegalArgumentException("a STUN method is 12 bits: " + code);
        }
    }

    /** {@return the method's name from its RFC, or {@code 0x...} for one this library does not know} */
    public String name() {
        switch (code) {
            case 0x001: return "Binding";
            case 0x003: return "Allocate";
            case 0x004: return "Refresh";
            case 0x006: return "Send";
            case 0x007: return "Data";
            case 0x008: return "CreatePermission";
            case 0x009: return "ChannelBind";
            default: return String.format("Method(0x%03x)", code);
        }
    }

    /**
     * The 14-bit message type that carries this method and {@code cls}: the method bits M11..M0 with
     * the class bits C1 and C0 interleaved at bit positions 8 and 4.
     *
     * <pre>
     *  13 12 11 10  9  8  7  6  5  4  3  2  1  0
     * M11 M10 M9 M8 M7 C1 M6 M5 M4 C0 M3 M2 M1 M0
     * </pre>
     *
     * @param cls the class
     * @return the 14-bit message type that carries this method and {@code cls}: the method bits M11..M0 with the
     *         class bits C1 and C0 interleaved at bit positions 8 and 4
     */
    public int messageType(MessageClass cls) {
        int c = cls.bits();
        return (code & 0x000F) | ((code & 0x0070) << 1) | ((code & 0x0F80) << 2)
                | ((c & 1) << 4) | ((c & 2) << 7);
    }

    /**
     * The method encoded in a 14-bit message type.
     *
     * @param type the 14-bit message type
     * @return the method encoded in a 14-bit message type
     */
    public static Method ofMessageType(int type) {
        int m = (type & 0x000F) | ((type & 0x00E0) >>> 1) | ((type & 0x3E00) >>> 2);
        switch (m) {
            case 0x001: return BINDING;
            case 0x003: return ALLOCATE;
            case 0x004: return REFRESH;
            case 0x006: return SEND;
            case 0x007: return DATA;
            case 0x008: return CREATE_PERMISSION;
            case 0x009: return CHANNEL_BIND;
            default: return new Method(m);
        }
    }

    /**
     * The class encoded in a 14-bit message type.
     *
     * @param type the 14-bit message type
     * @return the class encoded in a 14-bit message type
     */
    public static MessageClass classOfMessageType(int type) {
        return MessageClass.ofBits(((type >>> 4) & 1) | ((type >>> 7) & 2));
    }

    @Override
    public String toString() {
        return name();
    }
}
