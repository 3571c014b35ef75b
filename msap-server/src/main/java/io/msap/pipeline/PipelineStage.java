package io.msap.pipeline;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A stage of a pipeline definition: its order, name, category and configuration (JSON, checked by its executor). */
@Entity
@Table(name = "pipeline_stage")
class PipelineStage {

    @Id
    private String id;

    @Column(nullable = false)
    private String pipelineId;

    @Column(nullable = false)
    private int sort;

    @Column(name = "stage_name", nullable = false)
    private String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private StageCategory category;

    @Column(nullable = false)
    private String config;

    protected PipelineStage() {}

    PipelineStage(String id, String pipelineId, int sort, String name, StageCategory category, String config) {
        this.id = id;
        this.pipelineId = pipelineId;
        this.sort = sort;
        this.name = name;
        this.category = category;
        this.config = config;
    }

    String getId() {
        return id;
    }

    String getPipelineId() {
        return pipelineId;
    }

    int getSort() {
        return sort;
    }

    String getName() {
        return name;
    }

    StageCategory getCategory() {
        return category;
    }

    String getConfig() {
        return config;
    }
}
