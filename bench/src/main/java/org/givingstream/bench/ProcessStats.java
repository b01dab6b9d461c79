package org.givingstream.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** CPU time and resident memory of a process from /proc (Linux), for the JVMs the stack does not own. */
final class ProcessStats {

    private ProcessStats() {}

    static Duration cpuTime(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Duration.ofMillis((Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10); // USER_HZ 100
        } catch (IOException | RuntimeException e) {
            return Duration.ofMillis(-1);
        }
    }

    static long residentMemoryMib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or gone
        }
        return -1;
    }
}
