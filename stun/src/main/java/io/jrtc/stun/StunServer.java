package io.jrtc.stun;

import io.jrtc.core.Datagram;
import io.jrtc.core.Engine;
import io.jrtc.stun.StunAttribute.ErrorCode;

import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.List;

/**
 * A STUN Binding server (RFC 8489 §6.3) as a sans-IO engine: every Binding request gets a success
 * response telling the client the address its request came from (XOR-MAPPED-ADDRESS), with SOFTWARE
 * and FINGERPRINT. Datagrams that are not valid STUN are dropped and counted; the server carries on.
 *
 * <ul>
 *   <li>RFC 3489 (no magic cookie) Binding requests are answered with MAPPED-ADDRESS, as RFC 8489
 *       §12 asks, without FINGERPRINT;</li>
 *   <li>a request with an unknown comprehension-required attribute gets 420 with UNKNOWN-ATTRIBUTES;</li>
 *   <li>a request for another method gets 400;</li>
 *   <li>with a short-term key configured, a request without MESSAGE-INTEGRITY or USERNAME gets 400,
 *       one whose MESSAGE-INTEGRITY does not verify gets 401, and success responses are signed;</li>
 *   <li>indications and responses are ignored.</li>
 * </ul>
 *
 * <p>It keeps no state per client and has no timers: {@link #pollTimeout()} is always
 * {@link Engine#NO_TIMEOUT}.
 */
public final class StunServer implements Engine<Datagram, StunServer.Event> {
    private static final System.Logger LOG = System.getLogger("jrtc.stun");

    /**
     * @param software    the SOFTWARE attribute of responses, or {@code null} for none
     * @param shortTermKey when not null, requests must be signed with it and responses are signed
     */
    public record Config(String software, IntegrityKey shortTermKey) {
        /** SOFTWARE "jrtc", no credentials (answers anyone). */
        public static final Config DEFAULT = new Config("jrtc", null);
    }

    /** What happened to one datagram. */
    public sealed interface Event {
        /** {@return who sent the datagram} */
        InetSocketAddress from();
    }

    /** A request was answered (with a success or an error response). */
    public record Answered(InetSocketAddress from, StunMessage request, StunMessage response) implements Event {
    }

    /** A datagram was dropped; {@code reason} says why (the parse error's message for malformed ones). */
    public record Dropped(InetSocketAddress from, String reason, boolean malformed) implements Event {
    }

    private final Config config;
    private final ArrayDeque<Datagram> transmits = new ArrayDeque<>();
    private final ArrayDeque<Event> events = new ArrayDeque<>();
    private long answered;
    private long malformed;
    private long ignored;

    /**
     * A server with this configuration.
     *
     * @param config the configuration
     */
    public StunServer(Config config) {
        this.config = config;
    }

    /** A server with {@link Config#DEFAULT}: SOFTWARE "jrtc", no credentials. */
    public StunServer() {
        this(Config.DEFAULT);
    }

    /**
     * One datagram that arrived from {@code datagram.source()} at our {@code datagram.destination()}.
     * Never throws for bad input.
     *
     * @param now the current time (monotonic nanoseconds, any origin)
     * @param datagram what arrived
     */
    public void handleInput(long now, Datagram datagram) {
        InetSocketAddress from = datagram.source();
        byte[] d = datagram.data();
        StunMessage request;
        try {
            request = StunMessage.parse(d, 0, d.length, true);
        } catch (StunParseException e) {
            drop(from, e.getMessage(), true);
            return;
        }
        if (from == null) {
            drop(null, "no source address to answer to", false);
            return;
        }
        if (!request.isRequest()) {
            drop(from, "a " + request.method() + " " + request.messageClass() + " needs no answer", false);
            return;
        }
        LOG.log(Level.DEBUG, "[STUN] {0} {1} tid={2} from {3}", request.method(), request.messageClass(),
                request.transactionId().hex(), from);
        StunMessage response;
        IntegrityKey signWith = null;
        List<Integer> unknown = request.unknownComprehensionRequired();
        if (!unknown.isEmpty()) {
            response = error(request, ErrorCode.UNKNOWN_ATTRIBUTE, "Unknown Attribute",
                    new StunAttribute.UnknownAttributes(unknown));
        } else if (!request.method().equals(Method.BINDING)) {
            response = error(request, ErrorCode.BAD_REQUEST, "Only Binding is served here", null);
        } else if (config.shortTermKey() != null && !request.isClassic()) {
            if (!request.has(AttributeType.MESSAGE_INTEGRITY) || !request.has(AttributeType.USERNAME)) {
                response = error(request, ErrorCode.BAD_REQUEST, "MESSAGE-INTEGRITY and USERNAME required", null);
            } else if (!request.verifyIntegrity(config.shortTermKey())) {
                response = error(request, ErrorCode.UNAUTHENTICATED, "Unauthenticated", null);
            } else {
                response = success(request, from);
                signWith = config.shortTermKey();
            }
        } else {
            response = success(request, from);
        }
        byte[] wire = request.isClassic() ? response.encode() : response.encode(signWith, Integrity.SHA1, true);
        transmits.add(new Datagram(datagram.destination(), from, wire));
        answered++;
        events.add(new Answered(from, request, response));
        LOG.log(Level.DEBUG, "[STUN] answered {0} with {1} {2}", from, response.method(), response.messageClass());
    }

    private StunMessage success(StunMessage request, InetSocketAddress from) {
        StunMessage.Builder b = StunMessage.responseTo(request, MessageClass.SUCCESS_RESPONSE);
        if (request.isClassic()) {
            b.add(new StunAttribute.MappedAddress(from));
        } else {
            b.add(new StunAttribute.XorMappedAddress(from));
        }
        if (config.software() != null) {
            b.add(new StunAttribute.Software(config.software()));
        }
        return b.build();
    }

    private StunMessage error(StunMessage request, int code, String reason, StunAttribute extra) {
        StunMessage.Builder b = StunMessage.responseTo(request, MessageClass.ERROR_RESPONSE)
                .add(new ErrorCode(code, reason));
        if (extra != null) {
            b.add(extra);
        }
        if (config.software() != null) {
            b.add(new StunAttribute.Software(config.software()));
        }
        return b.build();
    }

    private void drop(InetSocketAddress from, String reason, boolean bad) {
        if (bad) {
            malformed++;
        } else {
            ignored++;
        }
        events.add(new Dropped(from, reason, bad));
        LOG.log(Level.DEBUG, "[STUN] dropped a datagram from {0}: {1}", from, reason);
    }

    @Override
    public void handleTimeout(long now) {
        // no timers
    }

    @Override
    public Datagram pollTransmit() {
        return transmits.poll();
    }

    @Override
    public Event pollEvent() {
        return events.poll();
    }

    @Override
    public long pollTimeout() {
        return NO_TIMEOUT;
    }

    /** {@return requests answered (success or error responses sent)} */
    public long answered() {
        return answered;
    }

    /** {@return datagrams dropped because they did not parse as STUN} */
    public long malformed() {
        return malformed;
    }

    /**
     * Valid STUN that needed no answer (indications, responses).
     *
     * @return how many
     */
    public long ignored() {
        return ignored;
    }

    /**
     * The server's counters, a snapshot.
     *
     * @param answered  requests answered (success or error responses sent)
     * @param malformed datagrams dropped because they did not parse as STUN
     * @param ignored   valid STUN that needed no answer (indications, responses)
     */
    public record Stats(long answered, long malformed, long ignored) {
    }

    /** @return the counters, a snapshot */
    public Stats stats() {
        return new Stats(answered, malformed, ignored);
    }
}
