package io.msap.project;

import io.msap.shared.Messages;
import java.util.Arrays;
import java.util.Optional;

/** The built-in project roles of listRole, with fixed ids (roleGroupId) and codes (groupCode); groupType 1. */
public enum ProjectRole {
    PROJECT_ADMIN(1, "项目管理员", "Project admin"),
    DEVELOPER(2, "开发人员", "Developer"),
    TESTER(3, "测试人员", "Tester"),
    OPERATOR(4, "运维人员", "Operator"),
    VIEWER(5, "访客", "Viewer");

    /** groupType of the built-in roles. */
    public static final int BUILT_IN = 1;

    private final int id;
    private final String chineseName;
    private final String englishName;

    ProjectRole(int id, String chineseName, String englishName) {
        this.id = id;
        this.chineseName = chineseName;
        this.englishName = englishName;
    }

    public int id() {
        return id;
    }

    /** The role's name in the caller's language. */
    public String displayName() {
        return Messages.english() ? englishName : chineseName;
    }

    public static Optional<ProjectRole> byId(int id) {
        return Arrays.stream(values()).filter(r -> r.id == id).findFirst();
    }
}
