package dev.nala.discovery;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Supplier;

/**
 * Passes a stream through, counting its bytes as they arrive, and fails as soon as there are more
 * than {@code limit}: an answer is never read (let alone kept) whole before its size is known.
 */
final class SizeLimitedInputStream extends FilterInputStream {
    private final long limit;
    private final Supplier<IOException> tooLarge;
    private long count;

    /** @param tooLarge the failure thrown once the stream has more than {@code limit} bytes */
    SizeLimitedInputStream(InputStream in, long limit, Supplier<IOException> tooLarge) {
        super(in);
        this.limit = limit;
        this.tooLarge = tooLarge;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            counted(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        // Never ask for more than one byte past the limit: that byte is enough to know.
        int n = super.read(buffer, offset, (int) Math.min(length, limit - count + 1));
        if (n > 0) {
            counted(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(Math.min(n, limit - count + 1));
        counted(skipped);
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void counted(long n) throws IOException {
        count += n;
        if (count > limit) {
            throw tooLarge.get();
        }
    }
}
