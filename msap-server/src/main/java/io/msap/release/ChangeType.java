package io.msap.release;

import io.msap.shared.Messages;

/** What a change order does to an app deployment. */
public enum ChangeType {
    DEPLOY("部署应用", "Deploy"),
    START("启动应用", "Start"),
    STOP("停止应用", "Stop"),
    SCALE("扩缩容", "Scale"),
    RESTART("重启应用", "Restart"),
    DELETE("删除应用", "Delete"),
    ROLLBACK("回滚应用", "Roll back"),
    CREATE_SERVICE("创建服务", "Create Service"),
    UPDATE_SERVICE("更新服务", "Update Service"),
    DELETE_SERVICE("删除服务", "Delete Service");

    private final String chineseName;
    private final String englishName;

    ChangeType(String chineseName, String englishName) {
        this.chineseName = chineseName;
        this.englishName = englishName;
    }

    public String displayName() {
        return Messages.english() ? englishName : chineseName;
    }

    /** The Chinese name, used for stored phase names and descriptions. */
    public String chineseName() {
        return chineseName;
    }

    /** Whether the change works on the app's Service rather than its Deployment. */
    public boolean onService() {
        return this == CREATE_SERVICE || this == UPDATE_SERVICE || this == DELETE_SERVICE;
    }
}
