package io.jrtc.examples.webrtc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Headless Firefox (ESR) for {@link ChromiumInteropDriver}'s {@code --firefox} mode: a fresh profile
 * directory per case with a {@code user.js} (WebRTC allowed on loopback and shown as 127.0.0.1, the
 * fake camera and microphone granted without asking, media allowed to play, first-run pages and the
 * background services that would try to reach the internet turned off), that directory as
 * {@code $HOME} too (Firefox refuses a home someone else owns), {@code --headless --no-remote}.
 * Firefox needs a default route to gather a host candidate; {@link LoopbackNamespace} adds one over
 * {@code lo}, so it finds 127.0.0.1 and nothing can leave the machine.
 */
final class HeadlessFirefox {
    /** The output of the browser, in its profile directory. */
    static final String LOG = "firefox.log";

    static final List<String> PREFS = List.of(
            // WebRTC on the only network there is, with its real address (no mDNS name)
            "user_pref(\"media.peerconnection.ice.loopback\", true);",
            "user_pref(\"media.peerconnection.ice.obfuscate_host_addresses\", false);",
            // getUserMedia: the fake devices (a 320x240 pattern, a sine), no permission prompt
            "user_pref(\"media.navigator.streams.fake\", true);",
            "user_pref(\"media.navigator.permission.disabled\", true);",
            "user_pref(\"media.autoplay.default\", 0);",
            "user_pref(\"media.autoplay.blocking_policy\", 0);",
            // no proxy from the environment, no first-run or what's-new pages
            "user_pref(\"network.proxy.type\", 0);",
            "user_pref(\"browser.shell.checkDefaultBrowser\", false);",
            "user_pref(\"browser.aboutwelcome.enabled\", false);",
            "user_pref(\"browser.startup.homepage_override.mstone\", \"ignore\");",
            "user_pref(\"startup.homepage_welcome_url\", \"\");",
            "user_pref(\"startup.homepage_welcome_url.additional\", \"\");",
            "user_pref(\"browser.startup.page\", 0);",
            "user_pref(\"datareporting.policy.dataSubmissionEnabled\", false);",
            "user_pref(\"datareporting.healthreport.uploadEnabled\", false);",
            "user_pref(\"toolkit.telemetry.reportingpolicy.firstRun\", false);",
            // background services: in the namespace they could reach nothing anyway; do not let them try
            "user_pref(\"app.update.disabledForTesting\", true);",
            "user_pref(\"app.normandy.enabled\", false);",
            "user_pref(\"extensions.update.enabled\", false);",
            "user_pref(\"media.gmp-manager.updateEnabled\", false);",
            "user_pref(\"browser.safebrowsing.malware.enabled\", false);",
            "user_pref(\"browser.safebrowsing.phishing.enabled\", false);",
            "user_pref(\"browser.safebrowsing.downloads.enabled\", false);",
            "user_pref(\"network.captive-portal-service.enabled\", false);",
            "user_pref(\"network.connectivity-service.enabled\", false);",
            "user_pref(\"network.dns.disablePrefetch\", true);",
            "user_pref(\"network.prefetch-next\", false);",
            "user_pref(\"browser.newtabpage.enabled\", false);");

    private HeadlessFirefox() {
    }

    /** Starts {@code firefox} on {@code url} with a new profile in {@code profile} (an empty directory). */
    static Process start(String firefox, Path profile, String url) throws IOException {
        Files.write(profile.resolve("user.js"), PREFS, StandardCharsets.UTF_8);
        List<String> cmd = List.of(firefox, "--headless", "--no-remote", "--profile", profile.toString(), url);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(profile.resolve(LOG).toFile());
        pb.environment().put("MOZ_HEADLESS", "1");
        pb.environment().put("HOME", profile.toString());
        // no crash reporter dialog, no "safe mode?" question after a killed run
        pb.environment().put("MOZ_CRASHREPORTER_DISABLE", "1");
        pb.environment().put("MOZ_DISABLE_AUTO_SAFE_MODE", "1");
        return pb.start();
    }

    /**
     * Processes still alive whose command line names {@code profile}: a Firefox that relaunched
     * itself would no longer be a descendant of the process we started. Each is killed by its PID;
     * returns how many there were.
     */
    static int killLeftovers(Path profile) {
        String p = profile.toString();
        List<ProcessHandle> left = new ArrayList<>();
        ProcessHandle.allProcesses().forEach(h -> {
            Optional<String> cmd = h.info().commandLine();
            if (h.pid() != ProcessHandle.current().pid() && cmd.isPresent() && cmd.get().contains(p)) {
                left.add(h);
            }
        });
        for (ProcessHandle h : left) {
            Processes.killTree(h, 5);
        }
        return left.size();
    }

    /** The last lines of Firefox's output (headless Firefox is quiet unless something is wrong). */
    static List<String> lastLines(Path profile, int n) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(profile.resolve(LOG), StandardCharsets.ISO_8859_1));
        lines.removeIf(String::isBlank);
        return lines.subList(Math.max(0, lines.size() - n), lines.size());
    }
}
