package dev.nala.benchmarks;

/**
 * {@link ChainOverheadBenchmark} with a different URL on every call ({@code /x/0} to
 * {@code /x/4095} in turn): more URLs than a mode remembers rewrites of, so every routed call
 * builds its URL, as calls that carry ids in their paths do. Run it with {@code -p client=...}
 * for the contenders that rewrite URLs and raw OkHttp.
 */
public class DistinctUrlsBenchmark extends ChainOverheadBenchmark {
    static final int PATHS = 4096;

    @Override
    Target target() {
        return Target.canned().withPaths(PATHS);
    }
}
