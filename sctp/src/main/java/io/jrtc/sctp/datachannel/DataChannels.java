package io.jrtc.sctp.datachannel;

import io.jrtc.core.Engine;
import io.jrtc.sctp.SctpAssociation;
import io.jrtc.sctp.SctpConfig;
import io.jrtc.sctp.SctpEvent;
import io.jrtc.sctp.SctpParseException;
import io.jrtc.sctp.SendOptions;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * WebRTC data channels (RFC 8831, RFC 8832) over one {@link SctpAssociation}, as a sans-IO engine:
 * SCTP packets in and out (the DTLS layer carries them), channel events out.
 *
 * <pre>{@code
 * DataChannels dc = new DataChannels(SctpConfig.defaults(random), DataChannels.Role.CLIENT, 256 * 1024);
 * dc.connect(now);
 * DataChannel chat = dc.createChannel(now, "chat", DataChannelOptions.RELIABLE);
 * chat.send(now, "hello");
 * }</pre>
 *
 * <p>A channel is a stream id used in both directions. The DTLS client picks even ids and the server
 * odd ones, so both may open channels at once without clashing. A non-negotiated channel starts with a
 * DATA_CHANNEL_OPEN on its stream, answered by DATA_CHANNEL_ACK; a negotiated one is open at once
 * with an id both applications agreed on. Closing resets the stream in both directions (RFC 6525).
 *
 * <p><b>Backpressure.</b> Both directions can be held back without losing anything and without an
 * exception on the receive path:
 * <ul>
 *   <li>Receiving: {@link #setReceivePaused setReceivePaused(now, true)} stops {@link DataChannelEvent.Message}s
 *       (and the events ordered with them: a peer's new channels, closes); the data goes on arriving,
 *       waits in the association and counts against our receive window (a_rwnd), so the peer's sending
 *       stops at a zero window. {@code setReceivePaused(now, false)} hands the waiting messages over in
 *       order and reopens the window with a SACK at once. A message also counts against the window until
 *       {@link #pollEvent()} returns it.</li>
 *   <li>Sending: {@link DataChannel#trySend} returns {@code false} instead of queueing when the send
 *       buffer is full; {@link DataChannelEvent.SendBufferAvailable} says when to try again (also
 *       {@link DataChannel#bufferedAmount()} and {@link DataChannelEvent.BufferedAmountLow} per channel).
 *       {@link DataChannel#send} throws {@link io.jrtc.sctp.SendBufferFullException} instead and changes nothing.</li>
 * </ul>
 * An echo server, for instance, pauses receiving when a reply does not fit, keeps that reply, and on
 * {@code SendBufferAvailable} sends it and resumes.
 *
 * <p>Events are made as {@link #pollEvent()} is called (DCEP answers, closing our side of a stream the
 * peer reset): drain {@link #pollTransmit()} again after handling events, as for any send.
 */
public final class DataChannels implements Engine<byte[], DataChannelEvent> {
    private static final System.Logger LOG = System.getLogger("jrtc.sctp");

    /** Our DTLS role, which decides the parity of the stream ids we pick (RFC 8832 §6). */
    public enum Role {
        /** DTLS client: even stream ids. */
        CLIENT,
        /** DTLS server: odd stream ids. */
        SERVER
    }

    private final SctpAssociation assoc;
    private final Role role;
    private final int remoteMaxMessageSize;
    private final Map<Integer, DataChannel> channels = new HashMap<>();
    private final ArrayDeque<DataChannelEvent> events = new ArrayDeque<>();
    private boolean connected;
    private long lastNow;

    /**
     * A data channel engine on a new association.
     *
     * @param config               the association's settings ({@link SctpConfig#defaults})
     * @param role                 our DTLS role
     * @param remoteMaxMessageSize the peer's a=max-message-size (what we may send)
     */
    public DataChannels(SctpConfig config, Role role, int remoteMaxMessageSize) {
        this.assoc = new SctpAssociation(config);
        this.role = role;
        this.remoteMaxMessageSize = remoteMaxMessageSize;
    }

    /** {@return the association underneath (stats, state, flow control)} */
    public SctpAssociation association() {
        return assoc;
    }

    /** {@return a copy of the channels not yet closed} */
    public Collection<DataChannel> channels() {
        return List.copyOf(channels.values());
    }

    /**
     * Opens the association (both WebRTC peers call this).
     *
     * @param now the current time, nanoseconds
     */
    public void connect(long now) {
        lastNow = Math.max(lastNow, now);
        assoc.connect(now);
    }

    /**
     * Creates a channel. Non-negotiated channels send DATA_CHANNEL_OPEN (once the association is up)
     * and report {@link DataChannelEvent.Open} when the peer acknowledges; negotiated channels are open
     * as soon as the association is.
     *
     * @param now     the current time, nanoseconds
     * @param label   the channel's label
     * @param options ordering, reliability, negotiation
     * @return the channel, {@link DataChannel.State#CONNECTING}
     * @throws IllegalStateException when the id is in use, no id is free, or the association cannot
     *                               open it (closed, or beyond the negotiated streams)
     */
    public DataChannel createChannel(long now, String label, DataChannelOptions options) {
        lastNow = Math.max(lastNow, now);
        int id = options.negotiated() ? options.id() : pickId();
        if (channels.containsKey(id)) throw new IllegalStateException("stream id " + id + " is in use");
        DataChannel ch = new DataChannel(this, id, label, options, DataChannel.State.CONNECTING);
        channels.put(id, ch);
        if (options.negotiated()) {
            ch.acked = true;
            if (connected) open(ch);
        } else {
            Dcep.Open o = new Dcep.Open(options.channelType(), 0, options.reliability(), label, options.protocol());
            LOG.log(System.Logger.Level.DEBUG, "[SCTP] → DATA_CHANNEL_OPEN ''{0}'' on stream {1}", label, id);
            if (!assoc.sendControlMessage(now, id, Dcep.PPID, o.encode(), SendOptions.RELIABLE_ORDERED)) {
                channels.remove(id);
                throw new IllegalStateException("cannot open channel '" + label + "' on stream " + id + ": the association is "
                        + assoc.state() + " (or has no such outbound stream)");
            }
        }
        return ch;
    }

    private int pickId() {
        for (int id = role == Role.CLIENT ? 0 : 1; id < 65535; id += 2) {
            if (!channels.containsKey(id)) return id;
        }
        throw new IllegalStateException("no free stream id");
    }

    /**
     * Stops ({@code true}) or resumes delivering received messages: see the class comment. While
     * paused, {@link #pollEvent()} returns no {@link DataChannelEvent.Message}, {@link DataChannelEvent.Open}
     * of a peer's channel, {@link DataChannelEvent.Closed} or graceful {@link DataChannelEvent.AssociationClosed}
     * (they wait, in order), but still BufferedAmountLow, SendBufferAvailable, Connected and an abort.
     * Received data keeps being acknowledged until our receive buffer is full, then the peer's window is
     * 0 and it stops (probing now and then; nothing is lost, nothing times out). Resuming hands the
     * waiting messages over in order and sends a window update as soon as the window has grown by an MTU.
     *
     * @param now    the current time, nanoseconds
     * @param paused {@code true} to hold messages back
     */
    public void setReceivePaused(long now, boolean paused) {
        lastNow = Math.max(lastNow, now);
        assoc.setReceivePaused(now, paused);
    }

    /** {@return whether {@link #setReceivePaused} paused delivery} */
    public boolean receivePaused() {
        return assoc.receivePaused();
    }

    /** Whether the association has begun or received a SHUTDOWN (or ended): no channel can send any more. */
    boolean associationShuttingDown() {
        return assoc.state().ordinal() >= io.jrtc.sctp.SctpAssociation.State.SHUTDOWN_PENDING.ordinal();
    }

    /** Sends, or returns {@code false} (nothing queued) if {@code mayRefuse} and the send buffer is full. */
    boolean send(long now, DataChannel ch, byte[] data, boolean binary, boolean mayRefuse) {
        lastNow = Math.max(lastNow, now);
        if (ch.state() != DataChannel.State.OPEN && ch.state() != DataChannel.State.CONNECTING) {
            throw new IllegalStateException("channel '" + ch.label() + "' is " + ch.state()
                    + (associationShuttingDown() ? " (the association is " + assoc.state() + ")" : ""));
        }
        if (data.length > remoteMaxMessageSize) {
            throw new IllegalArgumentException("message of " + data.length + " bytes exceeds the peer's max-message-size of "
                    + remoteMaxMessageSize + " bytes");
        }
        long ppid = binary ? (data.length == 0 ? DataChannel.PPID_BINARY_EMPTY : DataChannel.PPID_BINARY)
                : (data.length == 0 ? DataChannel.PPID_STRING_EMPTY : DataChannel.PPID_STRING);
        byte[] payload = data.length == 0 ? new byte[1] : data;
        DataChannelOptions o = ch.options();
        // RFC 8832 §6: until the ACK arrives, send ordered so nothing overtakes the OPEN
        boolean unordered = !o.ordered() && ch.acked;
        SendOptions so = new SendOptions(unordered, o.maxRetransmits(),
                o.maxPacketLifeTimeMs() >= 0 ? o.maxPacketLifeTimeMs() * 1_000_000L : -1);
        if (mayRefuse) return assoc.trySend(now, ch.id(), ppid, payload, so);
        assoc.send(now, ch.id(), ppid, payload, so);
        return true;
    }

    void close(long now, DataChannel ch) {
        lastNow = Math.max(lastNow, now);
        if (ch.state == DataChannel.State.CLOSING || ch.state == DataChannel.State.CLOSED) return;
        ch.state = DataChannel.State.CLOSING;
        LOG.log(System.Logger.Level.DEBUG, "[SCTP] closing channel ''{0}'': resetting stream {1}", ch.label(), ch.id());
        assoc.resetStreams(now, ch.id());
    }

    /**
     * Graceful SHUTDOWN of the association (all channels close).
     *
     * @param now the current time, nanoseconds
     */
    public void shutdown(long now) {
        lastNow = Math.max(lastNow, now);
        assoc.shutdown(now);
    }

    /**
     * ABORTs the association (all channels close at once).
     *
     * @param now    the current time, nanoseconds
     * @param reason the text sent to the peer
     */
    public void abort(long now, String reason) {
        lastNow = Math.max(lastNow, now);
        assoc.abort(now, reason);
    }

    // ------------------------------------------------------------------------------------------------
    // Engine

    /**
     * Handles one SCTP packet (DTLS application data); malformed ones are dropped and counted.
     *
     * @param now    the current time, nanoseconds
     * @param packet the packet
     */
    public void handleInput(long now, byte[] packet) {
        lastNow = Math.max(lastNow, now);
        assoc.handleInput(now, packet);
    }

    @Override
    public void handleTimeout(long now) {
        lastNow = Math.max(lastNow, now);
        assoc.handleTimeout(now);
    }

    @Override
    public byte[] pollTransmit() {
        return assoc.pollTransmit();
    }

    /**
     * The next event. The association's events are turned into channel events one at a time, as they
     * are asked for, so a received message stays in the association (and in its receive window) until
     * the application takes it here.
     */
    @Override
    public DataChannelEvent pollEvent() {
        while (events.isEmpty()) {
            SctpEvent e = assoc.pollEvent();
            if (e == null) return null;
            process(e);
        }
        return events.poll();
    }

    @Override
    public long pollTimeout() {
        return assoc.pollTimeout();
    }

    private void process(SctpEvent e) {
        if (e instanceof SctpEvent.Message m) {
            onMessage(m);
        } else if (e instanceof SctpEvent.Connected) {
            connected = true;
            events.add(new DataChannelEvent.Connected());
            for (DataChannel ch : new ArrayList<>(channels.values())) {
                if (ch.options().negotiated() && ch.state == DataChannel.State.CONNECTING) open(ch);
            }
        } else if (e instanceof SctpEvent.BufferedAmountLow b) {
            DataChannel ch = channels.get(b.streamId());
            if (ch != null) events.add(new DataChannelEvent.BufferedAmountLow(ch));
        } else if (e instanceof SctpEvent.SendBufferAvailable a) {
            events.add(new DataChannelEvent.SendBufferAvailable(a.bufferedAmount(), a.available()));
        } else if (e instanceof SctpEvent.IncomingStreamsReset r) {
            for (int id : r.streams()) {
                DataChannel ch = channels.get(id);
                if (ch == null) continue;
                ch.incomingReset = true;
                if (ch.state != DataChannel.State.CLOSING) {
                    ch.state = DataChannel.State.CLOSING;
                    assoc.resetStreams(lastNow, id); // the peer closed: reset our side too
                }
                maybeClosed(ch);
            }
        } else if (e instanceof SctpEvent.OutgoingStreamsReset r) {
            for (int id : r.streams()) {
                DataChannel ch = channels.get(id);
                if (ch == null) continue;
                ch.outgoingReset = true;
                maybeClosed(ch);
            }
        } else if (e instanceof SctpEvent.MessageTooLarge t) {
            DataChannel ch = channels.get(t.streamId());
            if (ch != null) {
                events.add(new DataChannelEvent.Error(ch, "received a message of " + t.size()
                        + " bytes, larger than our max-message-size of " + t.limit() + " bytes; discarded"));
            }
        } else if (e instanceof SctpEvent.Closed || e instanceof SctpEvent.Aborted) {
            for (DataChannel ch : new ArrayList<>(channels.values())) {
                ch.state = DataChannel.State.CLOSED;
                events.add(new DataChannelEvent.Closed(ch));
            }
            channels.clear();
            if (e instanceof SctpEvent.Aborted a) {
                events.add(new DataChannelEvent.AssociationClosed(true, a.reason()));
            } else {
                events.add(new DataChannelEvent.AssociationClosed(false, "shutdown"));
            }
        }
    }

    private void maybeClosed(DataChannel ch) {
        if (ch.incomingReset && ch.outgoingReset && ch.state != DataChannel.State.CLOSED) {
            ch.state = DataChannel.State.CLOSED;
            channels.remove(ch.id());
            LOG.log(System.Logger.Level.DEBUG, "[SCTP] channel ''{0}'' closed", ch.label());
            events.add(new DataChannelEvent.Closed(ch));
        }
    }

    private void open(DataChannel ch) {
        ch.state = DataChannel.State.OPEN;
        events.add(new DataChannelEvent.Open(ch));
    }

    private void onMessage(SctpEvent.Message m) {
        int id = m.streamId();
        DataChannel ch = channels.get(id);
        if (m.ppid() == Dcep.PPID) {
            Dcep d;
            try {
                d = Dcep.parse(m.data());
            } catch (SctpParseException ex) {
                LOG.log(System.Logger.Level.DEBUG, "[SCTP] bad DCEP message on stream {0}: {1}", id, ex.getMessage());
                return;
            }
            if (d instanceof Dcep.Open o) {
                if (ch != null) {
                    LOG.log(System.Logger.Level.DEBUG, "[SCTP] DATA_CHANNEL_OPEN for stream {0} already in use; ignored", id);
                    return;
                }
                if ((id % 2 == 0) == (role == Role.CLIENT)) {
                    LOG.log(System.Logger.Level.DEBUG, "[SCTP] peer opened stream {0} with our parity", id);
                }
                ch = new DataChannel(this, id, o.label(), DataChannelOptions.fromOpen(o, id), DataChannel.State.OPEN);
                ch.acked = true;
                channels.put(id, ch);
                LOG.log(System.Logger.Level.DEBUG, "[SCTP] ← DATA_CHANNEL_OPEN ''{0}'' on stream {1} → DATA_CHANNEL_ACK", o.label(), id);
                // on the receive path: never refused for a full send buffer, never throws
                assoc.sendControlMessage(lastNow, id, Dcep.PPID, new Dcep.Ack().encode(), SendOptions.RELIABLE_ORDERED);
                events.add(new DataChannelEvent.Open(ch));
            } else if (ch != null && ch.state == DataChannel.State.CONNECTING) {
                ch.acked = true;
                open(ch);
            }
            return;
        }
        if (ch == null || ch.state == DataChannel.State.CLOSED) return;
        if (ch.state == DataChannel.State.CONNECTING) { // data implies the ACK (RFC 8832 §6)
            ch.acked = true;
            open(ch);
        }
        int ppid = (int) m.ppid();
        switch (ppid) {
            case DataChannel.PPID_STRING_PARTIAL, DataChannel.PPID_BINARY_PARTIAL -> {
                if (ch.partial == null) ch.partial = new ByteArrayOutputStream();
                if (ch.partial.size() + m.data().length > assoc.config().maxMessageSize()) {
                    ch.partial = null;
                    events.add(new DataChannelEvent.Error(ch, "partial message exceeds our max-message-size; discarded"));
                } else {
                    ch.partial.write(m.data(), 0, m.data().length);
                }
            }
            case DataChannel.PPID_STRING, DataChannel.PPID_BINARY -> {
                byte[] data = m.data();
                if (ch.partial != null) {
                    ch.partial.write(data, 0, data.length);
                    data = ch.partial.toByteArray();
                    ch.partial = null;
                }
                events.add(new DataChannelEvent.Message(ch, ppid == DataChannel.PPID_BINARY, data));
            }
            case DataChannel.PPID_STRING_EMPTY -> events.add(new DataChannelEvent.Message(ch, false, new byte[0]));
            case DataChannel.PPID_BINARY_EMPTY -> events.add(new DataChannelEvent.Message(ch, true, new byte[0]));
            default -> LOG.log(System.Logger.Level.DEBUG, "[SCTP] message with unknown PPID {0} on stream {1} ignored", ppid, id);
        }
    }
}
