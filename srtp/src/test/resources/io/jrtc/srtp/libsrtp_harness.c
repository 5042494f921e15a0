/*
 * jrtc's cross-check harness for libsrtp2 (the C reference implementation of SRTP).
 *
 *   srtp-harness protect|unprotect PROFILE MASTER_KEY_HEX MASTER_SALT_HEX
 *       reads lines "rtp HEX" or "rtcp HEX" on stdin and writes, per line, the protected (or
 *       unprotected) packet as hex, or "ERR <libsrtp status>"; one session serves every line, so
 *       rollover counters, SRTCP indices and replay windows carry over, with any number of SSRCs.
 *
 *   srtp-harness bench PROFILE SIZE SECONDS
 *       times srtp_protect and srtp_unprotect on SIZE-byte RTP packets (12-byte header) with
 *       clock_gettime(CLOCK_MONOTONIC) and prints "protect_pps=N unprotect_pps=N". Each timed
 *       protect copies a clean packet into the work buffer first; unprotect runs over a ring of
 *       4096 packets protected beforehand and removes the stream after each pass (so the replay
 *       window starts afresh), exactly as the Java benchmark does.
 *
 * PROFILE is AES_CM_128_HMAC_SHA1_80, AES_CM_128_HMAC_SHA1_32, AEAD_AES_128_GCM or AEAD_AES_256_GCM.
 * Build: gcc -O2 -o srtp-harness libsrtp_harness.c $(pkg-config --cflags --libs libsrtp2)
 */
#include <srtp2/srtp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <arpa/inet.h>

#define MAX_PACKET 70000
#define RING 4096

static int set_profile(srtp_policy_t *p, const char *name) {
    if (strcmp(name, "AES_CM_128_HMAC_SHA1_80") == 0) {
        srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&p->rtp);
        srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&p->rtcp);
    } else if (strcmp(name, "AES_CM_128_HMAC_SHA1_32") == 0) {
        /* RFC 5764 4.1.2: the 32-bit tag is for SRTP only; SRTCP keeps 80 bits. */
        srtp_crypto_policy_set_aes_cm_128_hmac_sha1_32(&p->rtp);
        srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&p->rtcp);
    } else if (strcmp(name, "AEAD_AES_128_GCM") == 0) {
        srtp_crypto_policy_set_aes_gcm_128_16_auth(&p->rtp);
        srtp_crypto_policy_set_aes_gcm_128_16_auth(&p->rtcp);
    } else if (strcmp(name, "AEAD_AES_256_GCM") == 0) {
        srtp_crypto_policy_set_aes_gcm_256_16_auth(&p->rtp);
        srtp_crypto_policy_set_aes_gcm_256_16_auth(&p->rtcp);
    } else {
        return -1;
    }
    return 0;
}

static int unhex(const char *s, unsigned char *out, int max) {
    int n = 0;
    while (s[0] && s[1] && s[0] != '\n' && s[0] != '\r') {
        unsigned int b;
        if (n >= max || sscanf(s, "%2x", &b) != 1) return -1;
        out[n++] = (unsigned char)b;
        s += 2;
    }
    return n;
}

static srtp_t make_session(const char *profile, const unsigned char *key, int key_len,
                           const unsigned char *salt, int salt_len, int inbound) {
    static unsigned char master[64];
    srtp_policy_t policy;
    srtp_t session = NULL;
    memset(&policy, 0, sizeof policy);
    if (set_profile(&policy, profile) != 0) {
        fprintf(stderr, "unknown profile %s\n", profile);
        exit(2);
    }
    memcpy(master, key, key_len);
    memcpy(master + key_len, salt, salt_len);
    policy.ssrc.type = inbound ? ssrc_any_inbound : ssrc_any_outbound;
    policy.key = master;
    policy.window_size = 1024;
    policy.allow_repeat_tx = 0;
    policy.next = NULL;
    if (srtp_create(&session, &policy) != srtp_err_status_ok) {
        fprintf(stderr, "srtp_create failed\n");
        exit(2);
    }
    return session;
}

static int run_lines(int protect, const char *profile, const char *key_hex, const char *salt_hex) {
    unsigned char key[32], salt[14];
    int key_len = unhex(key_hex, key, sizeof key);
    int salt_len = unhex(salt_hex, salt, sizeof salt);
    if (key_len <= 0 || salt_len <= 0) {
        fprintf(stderr, "bad key or salt\n");
        return 2;
    }
    srtp_t session = make_session(profile, key, key_len, salt, salt_len, !protect);
    static char line[2 * MAX_PACKET + 64];
    static unsigned char buf[MAX_PACKET + SRTP_MAX_TRAILER_LEN];
    while (fgets(line, sizeof line, stdin)) {
        int rtcp;
        const char *hex;
        if (strncmp(line, "rtp ", 4) == 0) {
            rtcp = 0;
            hex = line + 4;
        } else if (strncmp(line, "rtcp ", 5) == 0) {
            rtcp = 1;
            hex = line + 5;
        } else {
            continue;
        }
        int len = unhex(hex, buf, MAX_PACKET);
        if (len < 0) {
            printf("ERR hex\n");
            continue;
        }
        srtp_err_status_t st;
        if (protect) {
            st = rtcp ? srtp_protect_rtcp(session, buf, &len) : srtp_protect(session, buf, &len);
        } else {
            st = rtcp ? srtp_unprotect_rtcp(session, buf, &len) : srtp_unprotect(session, buf, &len);
        }
        if (st != srtp_err_status_ok) {
            printf("ERR %d\n", (int)st);
        } else {
            for (int i = 0; i < len; i++) printf("%02x", buf[i]);
            printf("\n");
        }
        fflush(stdout);
    }
    srtp_dealloc(session);
    return 0;
}

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void make_rtp(unsigned char *p, int size, unsigned int seq, unsigned int ssrc) {
    p[0] = 0x80;
    p[1] = 96;
    p[2] = (unsigned char)(seq >> 8);
    p[3] = (unsigned char)seq;
    unsigned int ts = seq * 960, s = htonl(ssrc);
    p[4] = ts >> 24; p[5] = ts >> 16; p[6] = ts >> 8; p[7] = ts;
    memcpy(p + 8, &s, 4);
    for (int i = 12; i < size; i++) p[i] = (unsigned char)(i * 31 + 7);
}

static int run_bench(const char *profile, int size, double seconds) {
    unsigned char key[32], salt[14];
    for (int i = 0; i < 32; i++) key[i] = (unsigned char)(i + 1);
    for (int i = 0; i < 14; i++) salt[i] = (unsigned char)(0xa0 + i);
    int key_len = strcmp(profile, "AEAD_AES_256_GCM") == 0 ? 32 : 16;
    int salt_len = strncmp(profile, "AEAD", 4) == 0 ? 12 : 14;
    const unsigned int ssrc = 0x11223344;
    static unsigned char clean[MAX_PACKET], work[MAX_PACKET + SRTP_MAX_TRAILER_LEN];

    /* protect: fresh sequence numbers forever (the ROC advances every 65536 packets) */
    srtp_t tx = make_session(profile, key, key_len, salt, salt_len, 0);
    make_rtp(clean, size, 0, ssrc);
    long n = 0;
    double t0 = now_s(), t1 = t0;
    unsigned int seq = 0;
    while (t1 - t0 < seconds) {
        for (int k = 0; k < 1024; k++) {
            memcpy(work, clean, size);
            work[2] = (unsigned char)(seq >> 8);
            work[3] = (unsigned char)seq;
            seq++;
            int len = size;
            if (srtp_protect(tx, work, &len) != srtp_err_status_ok) {
                fprintf(stderr, "protect failed\n");
                return 1;
            }
        }
        n += 1024;
        t1 = now_s();
    }
    double protect_pps = n / (t1 - t0);
    srtp_dealloc(tx);

    /* unprotect: a ring of protected packets; the stream is removed after each pass */
    tx = make_session(profile, key, key_len, salt, salt_len, 0);
    unsigned char *ring = malloc((size_t)RING * (size + SRTP_MAX_TRAILER_LEN));
    int ring_len = 0;
    for (int i = 0; i < RING; i++) {
        unsigned char *p = ring + (size_t)i * (size + SRTP_MAX_TRAILER_LEN);
        make_rtp(p, size, i, ssrc);
        ring_len = size;
        srtp_protect(tx, p, &ring_len);
    }
    srtp_dealloc(tx);
    srtp_t rx = make_session(profile, key, key_len, salt, salt_len, 1);
    n = 0;
    t0 = now_s();
    t1 = t0;
    while (t1 - t0 < seconds) {
        for (int i = 0; i < RING; i++) {
            memcpy(work, ring + (size_t)i * (size + SRTP_MAX_TRAILER_LEN), ring_len);
            int len = ring_len;
            if (srtp_unprotect(rx, work, &len) != srtp_err_status_ok) {
                fprintf(stderr, "unprotect failed at %d\n", i);
                return 1;
            }
        }
        srtp_remove_stream(rx, htonl(ssrc));
        n += RING;
        t1 = now_s();
    }
    double unprotect_pps = n / (t1 - t0);
    srtp_dealloc(rx);
    free(ring);
    printf("profile=%s size=%d protect_pps=%.0f unprotect_pps=%.0f\n", profile, size, protect_pps, unprotect_pps);
    return 0;
}

int main(int argc, char **argv) {
    if (srtp_init() != srtp_err_status_ok) {
        fprintf(stderr, "srtp_init failed\n");
        return 2;
    }
    if (argc == 5 && strcmp(argv[1], "protect") == 0) return run_lines(1, argv[2], argv[3], argv[4]);
    if (argc == 5 && strcmp(argv[1], "unprotect") == 0) return run_lines(0, argv[2], argv[3], argv[4]);
    if (argc == 5 && strcmp(argv[1], "bench") == 0) return run_bench(argv[2], atoi(argv[3]), atof(argv[4]));
    fprintf(stderr, "usage: %s protect|unprotect PROFILE KEY_HEX SALT_HEX | bench PROFILE SIZE SECONDS\n", argv[0]);
    return 2;
}
