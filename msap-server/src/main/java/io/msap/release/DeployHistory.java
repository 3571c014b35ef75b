package io.msap.release;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The image (and whole workload) of one successful deploy: listHistoryDeployVersion, and what rollbacks restore. */
@Entity
@Table(name = "deploy_history")
class DeployHistory {

    @Id
    private String id;

    @Column(nullable = false)
    private String appDeployId;

    @Column(nullable = false)
    private String changeOrderId;

    @Column(nullable = false)
    private String imageUrl;

    @Column(nullable = false)
    private String imageName;

    @Column(nullable = false)
    private String imageVer;

    private String imageId;

    @Column(nullable = false)
    private String spec;

    @Column(nullable = false)
    private Instant createTime;

    protected DeployHistory() {}

    DeployHistory(
            String id,
            String appDeployId,
            String changeOrderId,
            String imageUrl,
            String imageName,
            String imageVer,
            String imageId,
            String spec,
            Instant createTime) {
        this.id = id;
        this.appDeployId = appDeployId;
        this.changeOrderId = changeOrderId;
        this.imageUrl = imageUrl;
        this.imageName = imageName;
        this.imageVer = imageVer;
        this.imageId = imageId;
        this.spec = spec;
        this.createTime = createTime;
    }

    String getChangeOrderId() {
        return changeOrderId;
    }

    String getImageUrl() {
        return imageUrl;
    }

    String getImageName() {
        return imageName;
    }

    String getImageVer() {
        return imageVer;
    }

    String getImageId() {
        return imageId;
    }

    String getSpec() {
        return spec;
    }

    Instant getCreateTime() {
        return createTime;
    }
}
