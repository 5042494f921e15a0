package io.jrtc.bench.webrtc;

/**
 * The {@code connect} mode of the benchmark program under its old name, kept so that the commands in
 * BENCHMARKS.md written before the program existed still run:
 *
 * <pre>
 * java -cp 'bench/target/jrtc-benchmarks.jar:bench/target/lib/*' io.jrtc.bench.webrtc.ConnectBench --count 50
 * </pre>
 *
 * is {@code java -jar bench/target/jrtc-bench.jar connect --count 50}.
 */
public final class ConnectBench {
    private ConnectBench() {
    }

    public static void main(String[] args) {
        String[] all = new String[args.length + 1];
        all[0] = "connect";
        System.arraycopy(args, 0, all, 1, args.length);
        io.jrtc.bench.program.JrtcBench.main(all);
    }
}
