package io.msap.kubesim.store;

import io.msap.kubesim.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the store in {@code <dataDir>/store.json}: loaded at start, rewritten atomically (temporary file, then
 * rename) a short while after changes, and once more on close.
 */
public final class Persistence implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Persistence.class.getName());

    private final ObjectStore store;
    private final Path file;
    private final Duration delay;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "kube-sim-persistence");
        t.setDaemon(true);
        return t;
    });

    public Persistence(ObjectStore store, Path dataDir, Duration delay) {
        this.store = store;
        this.file = dataDir.resolve("store.json");
        this.delay = delay;
    }

    /** Loads the saved objects, if any; then saves after every burst of changes. */
    public void start() {
        try {
            Files.createDirectories(file.getParent());
            if (Files.exists(file)) {
                try {
                    store.restore(Json.parse(Files.readAllBytes(file)));
                } catch (RuntimeException e) {
                    // an unreadable store must not keep the cluster (or the server embedding it) from starting
                    Path aside = file.resolveSibling("store.json.unreadable-" + System.currentTimeMillis());
                    Files.move(file, aside);
                    LOG.log(
                            Level.WARNING,
                            "kube-sim: " + file + " is unreadable; moved to " + aside + " and starting empty",
                            e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("kube-sim cannot read " + file, e);
        }
        store.addListener(e -> {
            if (scheduled.compareAndSet(false, true)) {
                executor.schedule(this::save, Math.max(1, delay.toMillis()), TimeUnit.MILLISECONDS);
            }
        });
    }

    private void save() {
        scheduled.set(false);
        try {
            byte[] bytes = Json.bytes(store.snapshot());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "kube-sim: saving " + file + " failed", e);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        save();
    }
}
