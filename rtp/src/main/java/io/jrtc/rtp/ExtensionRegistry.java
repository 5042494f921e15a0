package io.jrtc.rtp;

import io.jrtc.core.Bytes;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The mapping from local extension ids to URIs that SDP {@code a=extmap} lines negotiate
 * (RFC 8285 section 5), used to read and write typed {@link ExtensionValue}s.
 */
public final class ExtensionRegistry {
    /** Creates one; it has no settings of its own. */
    public ExtensionRegistry() {
    }

    private final String[] byId = new String[256];
    private final Map<String, Integer> byUri = new HashMap<>();

    /**
     * Maps {@code id} (1..255) to {@code uri}.
     *
     * @param id the negotiated id, 1..255
     * @param uri the extension's URI
     * @return this registry
     */
    public ExtensionRegistry register(int id, String uri) {
        if (id < 1 || id > 255) {
            throw new IllegalArgumentException("extension id must be 1..255: " + id);
        }
        if (byId[id] != null) {
            byUri.remove(byId[id]);
        }
        byId[id] = uri;
        byUri.put(uri, id);
        return this;
    }

    /** {@return the usual WebRTC mapping, as browsers offer it} */
    public static ExtensionRegistry webrtcDefaults() {
        return new ExtensionRegistry()
                .register(1, ExtensionValue.AUDIO_LEVEL)
                .register(2, ExtensionValue.ABS_SEND_TIME)
                .register(3, ExtensionValue.TRANSPORT_CC)
                .register(4, ExtensionValue.MID)
                .register(5, ExtensionValue.RTP_STREAM_ID)
                .register(6, ExtensionValue.REPAIRED_RTP_STREAM_ID)
                .register(7, ExtensionValue.TOFFSET)
                .register(8, ExtensionValue.VIDEO_ORIENTATION)
                .register(9, ExtensionValue.PLAYOUT_DELAY);
    }

    /**
     * The URI registered for an id.
     *
     * @param id the extension id
     * @return its URI, or empty
     */
    public Optional<String> uri(int id) {
        return id >= 1 && id <= 255 ? Optional.ofNullable(byId[id]) : Optional.empty();
    }

    /**
     * The id registered for a URI.
     *
     * @param uri the extension URI
     * @return its id, or empty
     */
    public Optional<Integer> id(String uri) {
        return Optional.ofNullable(byUri.get(uri));
    }

    /**
     * Every element of {@code ext} decoded; ids with no mapping give {@link ExtensionValue.Unknown} with uri "id:N".
     *
     * @param ext the packet's block
     * @return the values of every registered element
     * @throws RtpParseException when the block or a value is malformed
     */
    public List<ExtensionValue> decode(ExtensionBlock ext) throws RtpParseException {
        List<ExtensionValue> out = new ArrayList<>();
        if (ext == null) {
            return out;
        }
        for (ExtensionElement e : ext.elements()) {
            String uri = byId[e.id()];
            out.add(uri == null ? new ExtensionValue.Unknown("id:" + e.id(), e.data()) : ExtensionValue.decode(uri, e.data()));
        }
        return out;
    }

    /**
     * The value of {@code uri} in {@code ext}, if mapped and present.
     *
     * @param ext the packet's block
     * @param uri the extension wanted
     * @return its value, or empty when absent or not registered
     * @throws RtpParseException when the block or the value is malformed
     */
    public Optional<ExtensionValue> find(ExtensionBlock ext, String uri) throws RtpParseException {
        Integer id = byUri.get(uri);
        if (ext == null || id == null) {
            return Optional.empty();
        }
        Optional<Bytes> data = ext.find(id);
        return data.isPresent() ? Optional.of(ExtensionValue.decode(uri, data.get())) : Optional.empty();
    }

    /**
     * Encodes values whose URIs are mapped (one-byte form when possible); an unmapped URI is an error.
     *
     * @param values values of registered extensions
     * @return the block
     */
    public ExtensionBlock encode(List<ExtensionValue> values) {
        List<ExtensionElement> elements = new ArrayList<>();
        for (ExtensionValue v : values) {
            Integer id = byUri.get(v.uri());
            if (id == null) {
                throw new IllegalArgumentException("no extension id mapped for " + v.uri());
            }
            elements.add(new ExtensionElement(id, v.encode()));
        }
        return ExtensionBlock.of(elements);
    }
}
