package io.msap.environment;

import io.msap.shared.Messages;

/** The environment types of listEnvTypes. */
public enum EnvType {
    DEVELOP("开发环境", "Development"),
    TEST("测试环境", "Test"),
    PRE_ONLINE("预发布环境", "Pre-release"),
    ONLINE("生产环境", "Production");

    private final String chineseName;
    private final String englishName;

    EnvType(String chineseName, String englishName) {
        this.chineseName = chineseName;
        this.englishName = englishName;
    }

    /** The type's name in the caller's language. */
    public String displayName() {
        return Messages.english() ? englishName : chineseName;
    }
}
