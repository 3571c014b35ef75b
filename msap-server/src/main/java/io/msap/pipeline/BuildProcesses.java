package io.msap.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Operating-system processes of builds (this module is the only one that starts any). A build runs in a process group
 * of its own ({@code setsid}, where the system has it), with the environment it is given and nothing else, its
 * output (stdout and stderr together) copied into the stage log; stopping it kills the whole group and every
 * descendant, so nothing of a stopped or finished build keeps running.
 */
final class BuildProcesses {

    private static final Logger log = LoggerFactory.getLogger(BuildProcesses.class);

    /** The setsid program, when the system has one. */
    private static final Optional<Path> SETSID = Optional.of(Path.of("/usr/bin/setsid"))
            .filter(Files::isExecutable)
            .or(() -> Optional.of(Path.of("/bin/setsid")).filter(Files::isExecutable));

    /** This machine, as recorded with a build's process: host name and boot id (pids repeat across boots). */
    static final String HOST = host();

    private BuildProcesses() {}

    /** How a process ended. */
    record Result(int exitCode, boolean timedOut) {}

    /** Told the process once it started (to record its pid), before its output is read. */
    interface Started {
        void started(ProcessHandle process);
    }

    /**
     * Runs {@code command} in {@code dir} with exactly the environment {@code env}, copying its output to {@code out},
     * until it exits, {@code timeout} passes (then it is killed) or {@code cancelled} says so (then it is killed and
     * {@link java.util.concurrent.CancellationException} thrown). Whatever the build left running in its process group
     * is killed when it ends.
     */
    static Result run(
            List<String> command,
            Path dir,
            Map<String, String> env,
            Duration timeout,
            OutputStream out,
            Started started,
            java.util.function.BooleanSupplier cancelled)
            throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        SETSID.ifPresent(setsid -> full.add(setsid.toString()));
        full.addAll(command);
        ProcessBuilder builder =
                new ProcessBuilder(full).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        Thread pump = new Thread(() -> copy(process.getInputStream(), out), "build-output-" + process.pid());
        pump.setDaemon(true);
        pump.start();
        try {
            started.started(process.toHandle());
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!process.waitFor(200, TimeUnit.MILLISECONDS)) {
                if (cancelled.getAsBoolean()) {
                    kill(process.toHandle());
                    throw new java.util.concurrent.CancellationException("stopped");
                }
                if (System.nanoTime() > deadline) {
                    kill(process.toHandle());
                    pump.join(2_000);
                    return new Result(-1, true);
                }
            }
            pump.join(5_000);
            return new Result(process.exitValue(), false);
        } finally {
            // the build's leftovers (daemons, background jobs) go with it
            kill(process.toHandle());
        }
    }

    /** Kills a build: its process group (led by it) and every descendant it still has. */
    static void kill(ProcessHandle process) {
        List<ProcessHandle> descendants = process.descendants().toList();
        if (SETSID.isPresent()) {
            killGroup(process.pid());
        }
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
    }

    /**
     * Kills the build recorded for a stage if anything of it still runs on this machine: the group leader when it
     * has the recorded pid and start time (so a pid reused by an unrelated process is left alone), and every process
     * still in its process group that started after it (its leader may be gone while a child it left lives on).
     * Answers whether it killed anything.
     */
    static boolean killRecorded(String host, Long pid, Instant started) {
        if (pid == null || !HOST.equals(host)) {
            return false;
        }
        boolean killed = false;
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isPresent() && startedAt(process.get(), started)) {
            log.info("killing the build process group {} left by a server that stopped", pid);
            kill(process.get());
            killed = true;
        }
        for (ProcessHandle member : groupMembers(pid)) {
            Optional<Instant> start = member.info().startInstant();
            if (started == null || start.isEmpty() || !start.get().isBefore(started.minusSeconds(2))) {
                log.info(
                        "killing process {} of the build process group {} left by a server that stopped",
                        member.pid(),
                        pid);
                member.destroyForcibly();
                killed = true;
            }
        }
        return killed;
    }

    private static boolean startedAt(ProcessHandle process, Instant started) {
        Optional<Instant> start = process.info().startInstant();
        return started == null
                || start.isEmpty()
                || Duration.between(start.get(), started).abs().compareTo(Duration.ofSeconds(2)) <= 0;
    }

    /** The processes of a process group, read from /proc (empty where there is none). */
    private static List<ProcessHandle> groupMembers(long pgid) {
        Path proc = Path.of("/proc");
        if (!Files.isDirectory(proc)) {
            return List.of();
        }
        List<ProcessHandle> members = new ArrayList<>();
        ProcessHandle.allProcesses().forEach(p -> {
            try {
                String stat =
                        Files.readString(proc.resolve(String.valueOf(p.pid())).resolve("stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                // after the command: state, ppid, pgrp
                if (fields.length > 2 && Long.parseLong(fields[2]) == pgid && p.isAlive()) {
                    members.add(p);
                }
            } catch (IOException | RuntimeException e) {
                // the process ended meanwhile
            }
        });
        return members;
    }

    /** Whether a process is alive (for tests of the engine's own guarantees). */
    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static void killGroup(long pgid) {
        try {
            Process kill = new ProcessBuilder("kill", "-KILL", "--", "-" + pgid)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            kill.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            log.warn("cannot kill process group {}: {}", pgid, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void copy(InputStream in, OutputStream out) {
        byte[] buffer = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // the process ended or was killed: its output stops here
        }
    }

    private static String host() {
        String name;
        try {
            name = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            name = System.getenv().getOrDefault("HOSTNAME", "localhost");
        }
        String boot = "";
        try {
            Path bootId = Path.of("/proc/sys/kernel/random/boot_id");
            if (Files.isReadable(bootId)) {
                boot = "/" + Files.readString(bootId).trim();
            }
        } catch (IOException e) {
            // no boot id: the host name alone
        }
        String host = name + boot;
        return host.length() > 255 ? host.substring(0, 255) : host;
    }
}
