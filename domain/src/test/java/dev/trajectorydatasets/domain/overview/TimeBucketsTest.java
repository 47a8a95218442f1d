package dev.trajectorydatasets.domain.overview;

import dev.trajectorydatasets.domain.DatasetRules;
import dev.trajectorydatasets.domain.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TimeBucketsTest {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void spans_cover_from_to_with_the_last_one_partly_past_to() {
        TimeBuckets buckets = TimeBuckets.covering(T, T.plusSeconds(130), Duration.ofMinutes(1));

        assertEquals(3, buckets.count());
        assertEquals(T.plusSeconds(180), buckets.end());
        assertEquals(-1, buckets.indexOf(T.minusNanos(1)));
        assertEquals(0, buckets.indexOf(T.plusMillis(59_999)));
        assertEquals(1, buckets.indexOf(T.plusSeconds(60)));
        assertEquals(3, buckets.indexOf(T.plusSeconds(180)));
    }

    @Test
    void too_many_or_odd_spans_are_refused_naming_the_bucket_field() {
        assertEquals("bucketSeconds", assertThrows(InvalidInputException.class,
                () -> TimeBuckets.covering(T, T.plusSeconds(1_001), Duration.ofSeconds(1))).field());
        assertEquals("bucketSeconds", assertThrows(InvalidInputException.class,
                () -> new TimeBuckets(T, Duration.ofMillis(1_500), 1)).field());
        assertEquals("bucketSeconds", assertThrows(InvalidInputException.class,
                () -> new TimeBuckets(T, Duration.ofDays(31), 1)).field());
        assertEquals("from", assertThrows(InvalidInputException.class,
                () -> TimeBuckets.covering(T, T, Duration.ofSeconds(1))).field());
    }

    @Test
    void fitting_picks_the_narrowest_round_width_that_keeps_the_spans_few() {
        TimeBuckets day = TimeBuckets.fitting(T.plusSeconds(7), T.plus(Duration.ofHours(24)), 240);
        assertEquals(Duration.ofMinutes(10), day.width());
        assertEquals(T, day.start());
        assertEquals(144, day.count(), "to is exclusive: 24 h of 10 min");
        assertEquals(Duration.ofSeconds(1), TimeBuckets.fitting(T, T.plusMillis(10), 240).width());
        assertEquals(Duration.ofDays(30), TimeBuckets.fitting(T, T.plus(Duration.ofDays(20_000)), 1_000).width());
        assertEquals("bucketSeconds", assertThrows(InvalidInputException.class,
                () -> TimeBuckets.fitting(T, T.plus(Duration.ofDays(2_000_000)), 240)).field());
        assertEquals("from", assertThrows(InvalidInputException.class,
                () -> TimeBuckets.covering(DatasetRules.EARLIEST.minusSeconds(1), T, Duration.ofDays(30))).field());
    }
}
