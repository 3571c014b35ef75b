package io.msap.pipeline;

import io.msap.shared.MsapException;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.unit.DataSize;

/**
 * Stage logs in the database: the server running a stage appends its output in chunks (every
 * {@code msap.pipeline.log-flush-interval} or 32 KiB), so every server answers getStageLog alike while the stage runs.
 * A log only grows; each attempt of a stage starts with a header line and may write up to
 * {@code msap.pipeline.log-max-size-per-stage} bytes, after which the rest is dropped and a note says so.
 */
@Component
class StageLogs implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(StageLogs.class);

    /** At most this much is answered by one read. */
    static final int MAX_READ = 64 * 1024;

    private static final int CHUNK = 32 * 1024;

    private final StageLogChunkRepository chunks;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final long maxBytes;
    private final Duration flushInterval;
    private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "stage-log-flush");
        thread.setDaemon(true);
        return thread;
    });

    StageLogs(
            StageLogChunkRepository chunks,
            TransactionTemplate transaction,
            Clock clock,
            @Value("${msap.pipeline.log-max-size-per-stage:10MB}") DataSize maxSize,
            @Value("${msap.pipeline.log-flush-interval:500ms}") Duration flushInterval) {
        this.chunks = chunks;
        this.transaction = transaction;
        this.clock = clock;
        this.maxBytes = maxSize.toBytes();
        this.flushInterval = flushInterval;
    }

    /** What getStageLog answers: text from the offset, where to read next, and whether the log is done growing. */
    record LogView(String content, long nextOffset, boolean complete, boolean truncated) {}

    /** The log's size in bytes. */
    long size(String stageId) {
        return chunks.findFirstByStageIdOrderBySeqDesc(stageId)
                .map(c -> c.getStartOffset() + c.getByteCount())
                .orElse(0L);
    }

    /**
     * At most {@link #MAX_READ} bytes of a stage's log from byte {@code offset}, cut at a character boundary.
     * {@code finished}: the stage will not write more (unless the run is retried). 400 naming offset when it lies
     * beyond the log's end.
     */
    LogView read(String stageId, long offset, boolean finished) {
        long size = size(stageId);
        if (offset < 0) {
            throw MsapException.badField("offset", "pipeline.log.offsetNegative");
        }
        if (offset > size) {
            throw MsapException.badField("offset", "pipeline.log.offset", size);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long position = offset;
        List<StageLogChunk> found = chunks.findFrom(stageId, offset, 64);
        for (StageLogChunk chunk : found) {
            if (bytes.size() >= MAX_READ || chunk.getStartOffset() != position && bytes.size() > 0) {
                break;
            }
            int from = (int) (position - chunk.getStartOffset());
            int take = Math.min(chunk.getByteCount() - from, MAX_READ - bytes.size());
            bytes.write(chunk.getContent(), from, take);
            position += take;
        }
        byte[] read = bytes.toByteArray();
        int keep = read.length;
        if (!(finished && position == size)) {
            keep = completeCharacters(read);
        }
        long next = offset + keep;
        String content = decode(read, keep);
        return new LogView(content, next, finished && next >= size, chunks.existsByStageIdAndTruncatedTrue(stageId));
    }

    /** A writer that appends to a stage's log for one attempt; close it to write the rest. */
    Writer open(String stageId) {
        return new Writer(stageId);
    }

    @Override
    public void destroy() {
        flusher.shutdownNow();
    }

    /** Appends to one stage's log: buffered, flushed in chunks, capped per attempt. */
    final class Writer extends OutputStream {

        private final String stageId;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private final ScheduledFuture<?> timer;
        private long nextOffset;
        private int nextSeq;
        private long written;
        private boolean truncated;
        private boolean markTruncated;

        private Writer(String stageId) {
            this.stageId = stageId;
            StageLogChunk last =
                    chunks.findFirstByStageIdOrderBySeqDesc(stageId).orElse(null);
            this.nextOffset = last == null ? 0 : last.getStartOffset() + last.getByteCount();
            this.nextSeq = last == null ? 0 : last.getSeq() + 1;
            long millis = Math.max(50, flushInterval.toMillis());
            this.timer = flusher.scheduleWithFixedDelay(this::flushQuietly, millis, millis, TimeUnit.MILLISECONDS);
        }

        /** Appends a line of the platform's own (a header, an outcome). */
        void line(String text) {
            byte[] bytes = (text + "\n").getBytes(StandardCharsets.UTF_8);
            write(bytes, 0, bytes.length);
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            if (truncated) {
                return;
            }
            int take = (int) Math.min(len, maxBytes - written);
            buffer.write(b, off, take);
            written += take;
            if (take < len) {
                truncated = true;
                markTruncated = true;
                byte[] note = ("\n[MSAP] 日志超过 " + maxBytes + " 字节，其余输出未保存 (log truncated at " + maxBytes + " bytes)\n")
                        .getBytes(StandardCharsets.UTF_8);
                buffer.write(note, 0, note.length);
            }
            if (buffer.size() >= CHUNK) {
                flush();
            }
        }

        /** Writes what is buffered as a chunk, in its own transaction. */
        @Override
        public synchronized void flush() {
            if (buffer.size() == 0) {
                return;
            }
            byte[] bytes = buffer.toByteArray();
            boolean marks = markTruncated;
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            transaction.executeWithoutResult(
                    status -> chunks.save(new StageLogChunk(stageId, nextSeq, nextOffset, bytes, marks, now)));
            nextSeq++;
            nextOffset += bytes.length;
            markTruncated = false;
            buffer.reset();
        }

        private void flushQuietly() {
            try {
                flush();
            } catch (RuntimeException e) {
                // the database is unreachable for now: the output stays buffered and goes with the next flush
                log.warn("cannot append to the log of stage {}: {}", stageId, e.getMessage());
            }
        }

        @Override
        public void close() {
            timer.cancel(false);
            flushQuietly();
        }
    }

    /** How many leading bytes form whole UTF-8 characters (a character cut at the end is left for the next read). */
    private static int completeCharacters(byte[] bytes) {
        int end = bytes.length;
        int i = end - 1;
        int continuation = 0;
        while (i >= 0 && (bytes[i] & 0xC0) == 0x80 && continuation < 3) {
            i--;
            continuation++;
        }
        if (i < 0) {
            return end;
        }
        int lead = bytes[i] & 0xFF;
        int length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        return length > continuation + 1 ? i : end;
    }

    private static String decode(byte[] bytes, int length) {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        try {
            CharBuffer chars = decoder.decode(ByteBuffer.wrap(bytes, 0, length));
            return chars.toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, 0, length, StandardCharsets.UTF_8);
        }
    }
}
