package org.givingstream.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** Facts about the machine the numbers were measured on. */
final class Machine {

    private Machine() {}

    static String describe() {
        String cpu = firstLine("/proc/cpuinfo", "model name").replaceFirst(".*:\\s*", "");
        long memKb = Long.parseLong(firstLine("/proc/meminfo", "MemTotal").replaceAll("\\D", ""));
        return "%d cores (%s), %.1f GiB RAM, %s %s, JDK %s (%s)"
                .formatted(
                        Runtime.getRuntime().availableProcessors(),
                        cpu.isBlank() ? "unknown CPU" : cpu,
                        memKb / 1024.0 / 1024.0,
                        System.getProperty("os.name"),
                        System.getProperty("os.version"),
                        System.getProperty("java.runtime.version"),
                        System.getProperty("java.vm.vendor"));
    }

    /** The 1-minute load average, -1 if unknown. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (Exception e) {
            return -1;
        }
    }

    private static String firstLine(String file, String prefix) {
        try {
            return Files.readAllLines(Path.of(file)).stream()
                    .filter(l -> l.startsWith(prefix))
                    .findFirst()
                    .orElse("");
        } catch (Exception e) {
            return "";
        }
    }
}
