package io.msap.release;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A phase of a change order (an entry of pipelineInfoList): e.g. 微服务 K8s 集群部署 for a deploy. */
@Entity
@Table(name = "change_phase")
class ChangePhase {

    @Id
    private String id;

    @Column(nullable = false)
    private String changeOrderId;

    @Column(nullable = false)
    private int seq;

    @Column(nullable = false)
    private String phaseName;

    @Column(nullable = false)
    private String status;

    private Instant startTime;

    @Column(nullable = false)
    private Instant updateTime;

    protected ChangePhase() {}

    ChangePhase(String id, String changeOrderId, int seq, String phaseName, Instant now) {
        this.id = id;
        this.changeOrderId = changeOrderId;
        this.seq = seq;
        this.phaseName = phaseName;
        this.status = ChangeOrderStatus.WAITING.stageCode();
        this.updateTime = now;
    }

    void status(String code, Instant now) {
        if (startTime == null && !ChangeOrderStatus.WAITING.stageCode().equals(code)) {
            startTime = now;
        }
        this.status = code;
        this.updateTime = now;
    }

    String getId() {
        return id;
    }

    String getChangeOrderId() {
        return changeOrderId;
    }

    int getSeq() {
        return seq;
    }

    String getPhaseName() {
        return phaseName;
    }

    String getStatus() {
        return status;
    }

    Instant getStartTime() {
        return startTime;
    }

    Instant getUpdateTime() {
        return updateTime;
    }
}
