package io.emovox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SizesTest {
    @Test
    void bytesReadAsPeopleSayThem() {
        assertEquals("0 bytes", Sizes.human(0));
        assertEquals("1 byte", Sizes.human(1));
        assertEquals("1023 bytes", Sizes.human(1023));
        assertEquals("1 KB", Sizes.human(1024));
        assertEquals("1 MB", Sizes.human(1_048_576));
        assertEquals("1.5 MB", Sizes.human(1_572_864));
        assertEquals("200 MB", Sizes.human(200L << 20));
        assertEquals("2 GB", Sizes.human(2L << 30));
        assertEquals("5 TB", Sizes.human(5L << 40));
        assertEquals("2048 TB", Sizes.human(2L << 50));
    }
}
