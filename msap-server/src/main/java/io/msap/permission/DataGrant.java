package io.msap.permission;

import io.msap.project.ProjectPermission.DataScope;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

/** A member's operation right on one application or environment, granted by a project admin. */
@Entity
@Table(name = "data_grant")
@IdClass(DataGrant.Key.class)
class DataGrant {

    record Key(DataScope objectType, String objectId, long userId) implements Serializable {
        Key() {
            this(null, null, 0);
        }
    }

    @Id
    @Enumerated(EnumType.STRING)
    private DataScope objectType;

    @Id
    private String objectId;

    @Id
    private long userId;

    @Column(nullable = false)
    private String projectId;

    @Column(nullable = false)
    private long grantedBy;

    @Column(nullable = false)
    private Instant createTime;

    protected DataGrant() {}

    DataGrant(DataScope objectType, String objectId, long userId, String projectId, long grantedBy, Instant now) {
        this.objectType = objectType;
        this.objectId = objectId;
        this.userId = userId;
        this.projectId = projectId;
        this.grantedBy = grantedBy;
        this.createTime = now;
    }

    long getUserId() {
        return userId;
    }

    Instant getCreateTime() {
        return createTime;
    }
}
