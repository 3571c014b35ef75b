package io.msap.pipeline;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

/** A piece of a stage's log: bytes appended at {@code startOffset}, in order of {@code seq}. */
@Entity
@Table(name = "pipeline_stage_log")
@IdClass(StageLogChunk.Key.class)
class StageLogChunk {

    record Key(String stageId, int seq) implements Serializable {
        Key() {
            this(null, 0);
        }
    }

    @Id
    private String stageId;

    @Id
    private int seq;

    @Column(nullable = false)
    private long startOffset;

    @Column(nullable = false)
    private int byteCount;

    @Column(nullable = false)
    private byte[] content;

    @Column(nullable = false)
    private boolean truncated;

    @Column(nullable = false)
    private Instant createTime;

    protected StageLogChunk() {}

    StageLogChunk(String stageId, int seq, long startOffset, byte[] content, boolean truncated, Instant now) {
        this.stageId = stageId;
        this.seq = seq;
        this.startOffset = startOffset;
        this.byteCount = content.length;
        this.content = content;
        this.truncated = truncated;
        this.createTime = now;
    }

    String getStageId() {
        return stageId;
    }

    int getSeq() {
        return seq;
    }

    long getStartOffset() {
        return startOffset;
    }

    int getByteCount() {
        return byteCount;
    }

    byte[] getContent() {
        return content;
    }

    boolean isTruncated() {
        return truncated;
    }
}
