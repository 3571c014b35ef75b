package io.msap.security;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

/** A request id an access key has used, kept for the replay window. */
@Entity
@Table(name = "eop_seen_request")
@IdClass(EopSeenRequest.Key.class)
class EopSeenRequest {

    record Key(String accessKey, String requestId) implements Serializable {
        Key() {
            this(null, null);
        }
    }

    @Id
    private String accessKey;

    @Id
    private String requestId;

    @Column(nullable = false)
    private Instant seenTime;

    protected EopSeenRequest() {}

    EopSeenRequest(String accessKey, String requestId, Instant seenTime) {
        this.accessKey = accessKey;
        this.requestId = requestId;
        this.seenTime = seenTime;
    }
}
