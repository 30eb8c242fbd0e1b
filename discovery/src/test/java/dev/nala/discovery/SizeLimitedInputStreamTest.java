package dev.nala.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class SizeLimitedInputStreamTest {

    private static InputStream limited(InputStream in, long limit) {
        return new SizeLimitedInputStream(in, limit, () -> new ConsulBadAnswer("too large"));
    }

    @Test
    void aStreamOfExactlyTheLimitIsReadWhole() throws IOException {
        assertThat(limited(new ByteArrayInputStream(new byte[1000]), 1000).readAllBytes())
                .hasSize(1000);
    }

    @Test
    void oneByteMoreFailsWhileReading() {
        assertThatThrownBy(() ->
                        limited(new ByteArrayInputStream(new byte[1001]), 1000).readAllBytes())
                .isInstanceOf(ConsulBadAnswer.class)
                .hasMessage("too large");
        InputStream byByte = limited(new ByteArrayInputStream(new byte[3]), 2);
        assertThatThrownBy(() -> {
                    while (byByte.read() >= 0) {
                        // read on
                    }
                })
                .isInstanceOf(ConsulBadAnswer.class);
    }

    /** An endless answer: reading stops one byte past the limit, whatever the buffer size. */
    @Test
    void neverReadsMoreThanOneBytePastTheLimit() {
        long[] handedOut = new long[1];
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                handedOut[0]++;
                return 'x';
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                handedOut[0] += length;
                return length;
            }
        };
        InputStream in = limited(endless, 10_000);
        assertThatThrownBy(() -> in.read(new byte[1 << 20])).isInstanceOf(ConsulBadAnswer.class);
        assertThat(handedOut[0]).isEqualTo(10_001);
    }
}
