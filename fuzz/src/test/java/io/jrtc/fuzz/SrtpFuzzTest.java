package io.jrtc.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jrtc.core.SrtpProfile;
import io.jrtc.srtp.GcmImplementation;
import io.jrtc.srtp.SrtpConfig;
import io.jrtc.srtp.SrtpContext;

/** SRTP/SRTCP unprotect: hostile packets give a status code, never an exception. */
class SrtpFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void unprotect(FuzzedDataProvider in) {
        SrtpProfile profile = in.pickValue(SrtpProfile.values());
        SrtpConfig config = SrtpConfig.defaults()
                .withGcm(in.pickValue(GcmImplementation.values()))
                .withCryptex(in.consumeBoolean());
        SrtpContext ctx = SrtpContext.create(profile, new byte[profile.keyLength()], new byte[profile.saltLength()], config);
        while (in.remainingBytes() > 0) {
            boolean rtcp = in.consumeBoolean();
            byte[] packet = in.consumeBytes(in.consumeInt(0, 1500));
            byte[] buf = new byte[packet.length + 64];
            System.arraycopy(packet, 0, buf, 8, packet.length);
            if (rtcp) {
                ctx.unprotectRtcp(buf, 8, packet.length);
            } else {
                ctx.unprotectRtp(buf, 8, packet.length);
            }
        }
    }
}
