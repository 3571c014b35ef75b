package io.msap.environment;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A region that groups resource pools (listRegions). */
@Entity
@Table(name = "area")
class Area {

    @Id
    private String id;

    @Column(nullable = false)
    private String areaCode;

    @Column(nullable = false)
    private String areaName;

    @Column(nullable = false)
    private Instant createTime;

    protected Area() {}

    Area(String id, String areaCode, String areaName, Instant createTime) {
        this.id = id;
        this.areaCode = areaCode;
        this.areaName = areaName;
        this.createTime = createTime;
    }

    String getId() {
        return id;
    }

    String getAreaCode() {
        return areaCode;
    }

    String getAreaName() {
        return areaName;
    }
}
