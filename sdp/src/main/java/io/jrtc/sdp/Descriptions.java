package io.jrtc.sdp;

import java.util.ArrayList;
import java.util.List;

/** Attribute look-ups shared by session and media level. */
final class Descriptions {
    private Descriptions() {
    }

    static <T extends Attribute> List<T> all(List<Attribute> attributes, Class<T> type) {
        List<T> out = new ArrayList<>();
        for (Attribute a : attributes) {
            Attribute t = a instanceof Attribute.Raw ? a.typed() : a;
            if (type.isInstance(t)) {
                out.add(type.cast(t));
            }
        }
        return out;
    }

    static <T extends Attribute> T first(List<Attribute> attributes, Class<T> type) {
        for (Attribute a : attributes) {
            Attribute t = a instanceof Attribute.Raw ? a.typed() : a;
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
