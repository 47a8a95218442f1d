package dev.trajectorydatasets.benchmarks;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The report refuses what would make it lie: two measurements under one name (the second silently replacing the first). */
class ReportTest {

    @Test
    void twoFiguresWithOneNameFail() {
        Report report = new Report();
        report.figure("batch update", 27_167L);
        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> report.figure("batch update", 39_858L));
        assertTrue(failure.getMessage().contains("batch update"), failure.getMessage());
        assertEquals(27_167L, report.figures.get("batch update"));
    }

    @Test
    void twoPairedMeasurementsWithOneNameFail() {
        Report report = new Report();
        report.paired("batch update", "plain JDBC", 0.8, false, 1, t -> 10, t -> 20);
        assertThrows(IllegalStateException.class, () -> report.paired("batch update", "plain JDBC writing the events too", null, false, 1, t -> 10, t -> 12));
        assertEquals(1, report.table.size());
    }

    @Test
    void aBareCeilingIsASecondColumnAndTheTargetIsJudgedOnTheSameWorkCeiling() {
        Report report = new Report();
        report.paired("set used", "plain JDBC, same statements", 0.8, false, 3, t -> 90, t -> 100, t -> 300);
        String[] row = report.table.get(0);
        assertEquals("0.90 (min 0.90, max 0.90)", row[4]);
        assertEquals("yes", row[6]);
        assertEquals("300/s", row[7]);
        assertEquals("0.30", row[8]);
    }
}
