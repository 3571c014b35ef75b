package io.msap.artifact;

import io.msap.app.AppService;
import io.msap.app.AppView;
import io.msap.project.ProjectPermission;
import io.msap.shared.Caller;
import io.msap.shared.MsapException;
import io.msap.shared.Texts;
import java.util.List;

/**
 * The appId and appGroupId filters of the list endpoints: inactive when neither is given; otherwise the applications
 * that match both (an app and a group of another project answer 404 naming the field).
 */
record AppFilter(boolean active, List<String> ids) {

    static AppFilter of(AppService apps, Caller caller, String projectId, String appGroupId, String appId) {
        List<String> ids = null;
        if (Texts.trimToNull(appId) != null) {
            AppView app = apps.require(caller, "appId", appId, ProjectPermission.APP_VIEW);
            if (!app.projectId().equals(projectId)) {
                throw MsapException.unknownField("appId", "app.notFound");
            }
            ids = List.of(app.appId());
        }
        if (Texts.trimToNull(appGroupId) != null) {
            List<String> inGroup = apps.appIdsInGroup(projectId, "appGroupId", appGroupId);
            ids = ids == null ? inGroup : ids.stream().filter(inGroup::contains).toList();
        }
        if (ids == null) {
            return new AppFilter(false, List.of(""));
        }
        // an empty IN list is not portable SQL; "" names no application
        return new AppFilter(true, ids.isEmpty() ? List.of("") : ids);
    }
}
