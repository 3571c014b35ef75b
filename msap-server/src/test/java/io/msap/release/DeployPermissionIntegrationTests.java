package io.msap.release;

import static io.msap.test.Fixtures.DEVELOPER;
import static io.msap.test.Fixtures.OPERATOR;
import static io.msap.test.Fixtures.PROJECT_ADMIN;
import static io.msap.test.Fixtures.TESTER;
import static io.msap.test.Fixtures.VIEWER;
import static io.msap.test.Replies.assertFailure;
import static io.msap.test.Replies.assertTrue;
import static org.assertj.core.api.Assertions.assertThat;

import io.msap.test.Api;
import io.msap.test.Fixtures.User;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Who may do what with app deployments: reads for every project member; deploys and operations need the app grant and
 * the environment grant (data permissions, 5.11) unless the member is a project admin; viewers never change anything;
 * other tenants and non-members do not see them at all.
 */
class DeployPermissionIntegrationTests extends ReleaseTestBase {

    private static final String NO_APP_GRANT = "没有权限：需要该应用的数据权限才能操作应用，请联系项目管理员授权";
    private static final String NO_ENV_GRANT = "没有权限：需要该环境的数据权限才能部署到环境，请联系项目管理员授权";
    private static final String VIEWER_REFUSED = "没有权限：缺少“操作应用”权限";

    @Test
    void everyMemberReadsAppDeploymentsAndChangeOrders() {
        Setup s = setup();
        Deployed app = deployed(s, image("perm", "1"));
        for (int role : List.of(PROJECT_ADMIN, DEVELOPER, TESTER, OPERATOR, VIEWER)) {
            User member = member(s, role);
            String t = member.token();
            assertThat(detail(t, app.appDeployId()).get("appDeployId").asString())
                    .as("role " + role)
                    .isEqualTo(app.appDeployId());
            assertThat(read(t, "getK8sApplicationStatus", "appDeployId", app.appDeployId())
                            .get("totalPod")
                            .asInt())
                    .isEqualTo(1);
            assertThat(read(t, "getAppDeployment", "appDeployId", app.appDeployId())
                            .size())
                    .isEqualTo(1);
            assertThat(read(t, "describeAppInstanceList", "appDeployId", app.appDeployId())
                            .size())
                    .isEqualTo(1);
            assertThat(read(t, "getK8sServices", "appDeployId", app.appDeployId())
                            .size())
                    .isZero();
            assertThat(read(t, "listApplication", "projectId", s.projectId()).size())
                    .isEqualTo(1);
            assertThat(ids(recent(t, app.appDeployId()), "changeOrderId")).containsExactly(app.changeOrderId());
            assertThat(read(t, "listHistoryDeployVersion", "appDeployId", app.appDeployId())
                            .size())
                    .isEqualTo(1);
            assertThat(info(t, app.changeOrderId()).get("executeStatus").asString())
                    .isEqualTo("SUCCEEDED");
        }
    }

    @Test
    void developersTestersAndOperatorsNeedTheAppGrantAndTheEnvironmentGrant() {
        Setup s = setup();
        Deployed app = deployed(s, image("grant", "1"));
        for (int role : List.of(DEVELOPER, TESTER, OPERATOR)) {
            User member = member(s, role);
            String t = member.token();
            assertRefused(s, app, t, 403, NO_APP_GRANT);

            grant(s, "authorizeApplication", "appId", app.appId(), member);
            assertRefused(s, app, t, 403, NO_ENV_GRANT);

            grant(s, "authorizeEnv", "envId", s.envId(), member);
            // with both grants: the developer deploys, the others scale (each would do either)
            String changed;
            if (role == DEVELOPER) {
                changed = deployChange(t, deploy(app.appId(), s.envId(), image("grant", "2"), "v2"));
                awaitSucceeded(t, changed);
                assertThat(deploymentOn(s, app.code())
                                .getSpec()
                                .getTemplate()
                                .getSpec()
                                .getContainers()
                                .get(0)
                                .getImage())
                        .isEqualTo(image("grant", "2"));
            } else {
                changed = change(t, "scaleK8sApplication", Map.of("appDeployId", app.appDeployId(), "replicas", 1));
                awaitSucceeded(t, changed);
            }
            assertThat(info(t, changed).get("createStaff").asString()).isEqualTo(member.userName());
            assertFailure(
                    api.post(INST + "abortChangeOrder", t, Map.of("changeOrderId", changed)), 409, "变更已结束（执行成功），不能中止");
        }
        assertThat(recent(s.token(), app.appDeployId()).size()).isEqualTo(4);
    }

    @Test
    void aDeveloperCreatingAMicroserviceNeedsTheEnvironmentGrantOnly() {
        Setup s = setup();
        User developer = member(s, DEVELOPER);
        Map<String, Object> body = microservice(s, "mine" + suffix(), image("mine", "1"));
        assertFailure(api.post("/v1/app/createMicroserviceApplication", developer.token(), body), 403, NO_ENV_GRANT);
        Api.Reply apps = api.get("/v1/app/getApplicationListPage", s.token(), "projectId", s.projectId());
        assertThat(apps.data().get("total").asInt()).isZero();

        grant(s, "authorizeEnv", "envId", s.envId(), developer);
        // the creator of the app holds its app grant
        Deployed app = deployed(
                new Setup(s.cluster(), developer, s.projectId(), s.envId(), s.envCode(), s.envName(), s.namespace()),
                body);
        operate(developer.token(), "restartK8sApplication", Map.of("appDeployId", app.appDeployId()));

        // a tester cannot create applications at all
        User tester = member(s, TESTER);
        grant(s, "authorizeEnv", "envId", s.envId(), tester);
        assertFailure(
                api.post(
                        "/v1/app/createMicroserviceApplication",
                        tester.token(),
                        microservice(s, "theirs" + suffix(), image("x", "1"))),
                403,
                "没有权限：缺少“创建应用（项目管理员或开发人员）”权限");
    }

    @Test
    void projectAdminsNeedNoGrant() {
        Setup s = setup();
        Deployed app = deployed(s, image("admin", "1"));
        User admin = member(s, PROJECT_ADMIN);
        String t = admin.token();
        operate(t, "scaleK8sApplication", Map.of("appDeployId", app.appDeployId(), "replicas", 2));
        assertThat(deploymentOn(s, app.code()).getSpec().getReplicas()).isEqualTo(2);
        awaitSucceeded(t, deployChange(t, deploy(app.appId(), s.envId(), image("admin", "2"), "v2")));
        assertThat(deploymentOn(s, app.code())
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getImage())
                .isEqualTo(image("admin", "2"));
        operate(
                t,
                "createK8sService",
                Map.of(
                        "appDeployId",
                        app.appDeployId(),
                        "name",
                        "web",
                        "type",
                        "ClusterIP",
                        "servicesPorts",
                        List.of(Map.of("port", 80, "targetPort", 8080, "protocol", "TCP"))));
        assertThat(s.cluster()
                        .client()
                        .services()
                        .inNamespace(s.namespace())
                        .withName("web")
                        .get())
                .isNotNull();
        Deployed own = deployed(
                new Setup(s.cluster(), admin, s.projectId(), s.envId(), s.envCode(), s.envName(), s.namespace()),
                image("own", "1"));
        operate(t, "deleteK8sApplication", Map.of("appDeployId", own.appDeployId()));
    }

    @Test
    void viewersNeverChangeAnything() {
        Setup s = setup();
        Deployed app = deployed(s, image("view", "1"));
        User viewer = member(s, VIEWER);
        assertRefused(s, app, viewer.token(), 403, VIEWER_REFUSED);
        assertFailure(
                api.post(
                        "/v1/app/createMicroserviceApplication",
                        viewer.token(),
                        microservice(s, "v" + suffix(), image("v", "1"))),
                403,
                "没有权限：缺少“创建应用（项目管理员或开发人员）”权限");
        // a grant cannot be given to a viewer
        Api.Reply granted = api.post(
                "/v1/data/authorize/authorizeApplication",
                s.token(),
                Map.of("appId", app.appId(), "projectId", s.projectId(), "userIds", List.of(viewer.userId())));
        assertThat(granted.status()).as(granted.toString()).isEqualTo(400);
        assertThat(ids(recent(s.token(), app.appDeployId()), "changeOrderId")).containsExactly(app.changeOrderId());
    }

    @Test
    void otherTenantsAndNonMembersSeeNothing() {
        Setup s = setup();
        Deployed app = deployed(s, image("hidden", "1"));
        User stranger = fixtures.subAccount(s.token());
        User otherTenant = fixtures.tenant();
        for (User outsider : List.of(stranger, otherTenant)) {
            String t = outsider.token();
            for (String read : List.of(
                    "getK8sApplication",
                    "getK8sApplicationStatus",
                    "getAppDeployment",
                    "describeAppInstanceList",
                    "getK8sServices",
                    "listRecentChangeOrder",
                    "listHistoryDeployVersion")) {
                assertFailure(api.get(INST + read, t, "appDeployId", app.appDeployId()), 404, DEPLOYMENT_NOT_FOUND);
            }
            assertFailure(
                    api.get(INST + "getChangeOrderInfo", t, "changeOrderId", app.changeOrderId()),
                    404,
                    ORDER_NOT_FOUND);
            assertFailure(api.get(INST + "listApplication", t, "projectId", s.projectId()), 404, "项目不存在");
            assertRefused(s, app, t, 404, DEPLOYMENT_NOT_FOUND, "应用不存在");
            assertFailure(
                    api.post(INST + "abortChangeOrder", t, Map.of("changeOrderId", app.changeOrderId())),
                    404,
                    ORDER_NOT_FOUND);
        }
        assertThat(ids(recent(s.token(), app.appDeployId()), "changeOrderId")).containsExactly(app.changeOrderId());
    }

    @Test
    void fieldRulesAreCheckedBeforeAccess() {
        Setup s = setup();
        Deployed app = deployed(s, image("order", "1"));
        User viewer = member(s, VIEWER);
        User otherTenant = fixtures.tenant();
        for (User caller : List.of(viewer, otherTenant)) {
            Map<String, Object> badVersion = deploy(app.appId(), s.envId(), image("order", "2"), "v 2!");
            assertFailure(
                    api.post(INST + "deployK8sApplication", caller.token(), badVersion),
                    400,
                    "deployVer: 须为 1~63 个字母、数字、- _ .，并以字母或数字开头和结尾");
            Map<String, Object> code = deploy(app.appId(), s.envId(), image("order", "2"), "v2");
            code.put("deploySource", "CODE");
            assertFailure(
                    api.post(INST + "deployK8sApplication", caller.token(), code),
                    400,
                    "branchOrTagName: 部署来源为 CODE 时必填");
            Map<String, Object> resources = deploy(app.appId(), s.envId(), image("order", "2"), "v2");
            resources.put("podResourceSpec", Map.of("memoryRequest", 512, "memoryLimit", 256));
            assertFailure(
                    api.post(INST + "deployK8sApplication", caller.token(), resources),
                    400,
                    "podResourceSpec.memoryRequest: 请求值不能大于限制值");
            Map<String, Object> micro = microservice(s, "order" + suffix(), image("order", "1"));
            micro.put("deploySource", "PACKAGE");
            assertFailure(
                    api.post("/v1/app/createMicroserviceApplication", caller.token(), micro),
                    400,
                    "packageId: 部署来源为 PACKAGE 时必须提供制品 ID packageId（官方 DEMO 请设置 packageSource 为 OFFICIAL_DEMO 并提供 officialDemoCode）");
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** Every change to the app deployment is refused with this status and message; nothing is recorded. */
    private void assertRefused(Setup s, Deployed app, String token, int status, String message) {
        assertRefused(s, app, token, status, message, message);
    }

    private void assertRefused(Setup s, Deployed app, String token, int status, String message, String deployMessage) {
        String id = app.appDeployId();
        assertFailure(
                api.post(INST + "scaleK8sApplication", token, Map.of("appDeployId", id, "replicas", 2)),
                status,
                message);
        assertFailure(api.post(INST + "stopK8sApplication", token, Map.of("appDeployId", id)), status, message);
        assertFailure(api.post(INST + "startK8sApplication", token, Map.of("appDeployId", id)), status, message);
        assertFailure(api.post(INST + "restartK8sApplication", token, Map.of("appDeployId", id)), status, message);
        assertFailure(api.post(INST + "deleteK8sApplication", token, Map.of("appDeployId", id)), status, message);
        assertFailure(
                api.post(
                        INST + "createK8sService",
                        token,
                        Map.of(
                                "appDeployId",
                                id,
                                "name",
                                "web",
                                "type",
                                "ClusterIP",
                                "servicesPorts",
                                List.of(Map.of("port", 80, "targetPort", 8080, "protocol", "TCP")))),
                status,
                message);
        assertFailure(
                api.post(INST + "deployK8sApplication", token, deploy(app.appId(), s.envId(), image("no", "1"), "v9")),
                status,
                deployMessage);
        if (status == 403) {
            // aborting needs the same rights (checked before whether the change order has finished)
            assertFailure(
                    api.post(INST + "abortChangeOrder", token, Map.of("changeOrderId", app.changeOrderId())),
                    status,
                    message);
        }
        assertThat(read(s.token(), "getK8sServices", "appDeployId", id).size()).isZero();
    }

    private User member(Setup s, int role) {
        User user = fixtures.subAccount(s.token());
        fixtures.member(s.token(), s.projectId(), user, role);
        return user;
    }

    private void grant(Setup s, String operation, String field, String objectId, User user) {
        assertTrue(api.post(
                "/v1/data/authorize/" + operation,
                s.token(),
                Map.of(field, objectId, "projectId", s.projectId(), "userIds", List.of(user.userId()))));
    }
}
