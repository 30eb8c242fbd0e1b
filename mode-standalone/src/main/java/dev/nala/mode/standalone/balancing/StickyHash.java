package dev.nala.mode.standalone.balancing;

/**
 * A stable 64-bit hash of a sticky header's value, the same in every JVM and every replica (not
 * {@link String#hashCode}, whose 32 bits cluster for similar keys): each character mixed in by
 * multiply and rotate, then MurmurHash3's finalizer, so every input bit reaches every output bit.
 */
final class StickyHash {
    private static final long PRIME_1 = 0x9E3779B185EBCA87L;
    private static final long PRIME_2 = 0xC2B2AE3D27D4EB4FL;

    private StickyHash() {}

    static long of(String value) {
        long hash = PRIME_2 ^ (value.length() * PRIME_1);
        for (int i = 0; i < value.length(); i++) {
            hash = Long.rotateLeft(hash ^ (value.charAt(i) * PRIME_1), 31) * PRIME_2;
        }
        return finish(hash);
    }

    /** Uniform in [0, 100): where the value falls among the split's cumulative weights. */
    static double percentile(String value) {
        return (of(value) >>> 11) * 0x1.0p-53 * 100;
    }

    private static long finish(long hash) {
        hash ^= hash >>> 33;
        hash *= 0xFF51AFD7ED558CCDL;
        hash ^= hash >>> 33;
        hash *= 0xC4CEB9FE1A85EC53L;
        hash ^= hash >>> 33;
        return hash;
    }
}
