package io.msap.pipeline;

import io.msap.shared.Messages;

/** A pipeline member permission (listPipelinePermissionTypes), each including the ones before it. */
enum PermType {
    /** See the pipeline, its runs and their logs. */
    VIEW(1, "查看", "View", "查看流水线、执行记录和日志", "See the pipeline, its runs and their logs"),
    /** Also run, stop and retry it. */
    RUN(2, "运行", "Run", "查看，并执行、中止和重试流水线", "View, and run, stop and retry the pipeline"),
    /** Also change and delete it and manage its member permissions. */
    MANAGE(
            3,
            "管理",
            "Manage",
            "运行，并修改、删除流水线和管理流水线成员权限",
            "Run, and change or delete the pipeline and manage its member permissions");

    private final int sequence;
    private final String chineseName;
    private final String englishName;
    private final String chineseDescription;
    private final String englishDescription;

    PermType(
            int sequence,
            String chineseName,
            String englishName,
            String chineseDescription,
            String englishDescription) {
        this.sequence = sequence;
        this.chineseName = chineseName;
        this.englishName = englishName;
        this.chineseDescription = chineseDescription;
        this.englishDescription = englishDescription;
    }

    /** Whether holding {@code held} (null: nothing) includes {@code needed}. */
    static boolean includes(PermType held, PermType needed) {
        return held != null && held.ordinal() >= needed.ordinal();
    }

    /** The lower of two permissions (null, no permission, is lowest). */
    static PermType min(PermType a, PermType b) {
        if (a == null || b == null) {
            return null;
        }
        return a.ordinal() <= b.ordinal() ? a : b;
    }

    int sequence() {
        return sequence;
    }

    String displayName() {
        return Messages.english() ? englishName : chineseName;
    }

    String description() {
        return Messages.english() ? englishDescription : chineseDescription;
    }
}
