-- App deployments (an application in an environment) and their change orders with the phase/stage tree that
-- getChangeOrderInfo shows (manual 5.3).

create table app_deployment (
    id                     varchar(36)              primary key,
    tenant_id              bigint                   not null references tenant (id),
    project_id             varchar(36)              not null references project (id),
    app_id                 varchar(36)              not null references application (id),
    env_id                 varchar(36)              not null references environment (id),
    app_deploy_code        varchar(63)              not null,
    app_deploy_name        varchar(64)              not null,
    cluster_id             varchar(20)              not null,
    cluster_name           varchar(64)              not null,
    namespace              varchar(63)              not null,
    category               varchar(16)              not null,
    status_cd              varchar(3)               not null,
    status_time            timestamp with time zone not null,
    -- the desired workload of the last change accepted (JSON DeploySpec); null until the first deploy is accepted
    spec                   varchar,
    image_url              varchar(512),
    deploy_ver             varchar(63),
    replicas_before_stop   integer,
    -- the change order running now: the one-change-at-a-time lock
    active_change_order_id varchar(36),
    create_staff           varchar(64),
    create_user_id         bigint                   not null,
    create_time            timestamp with time zone not null,
    update_time            timestamp with time zone not null,
    deleted                boolean                  not null default false,
    delete_time            timestamp with time zone,
    deleted_token          varchar(36)              not null default '',
    version                bigint                   not null default 0,
    constraint uk_app_deployment_app_env unique (env_id, app_id, deleted_token),
    constraint uk_app_deployment_code unique (cluster_id, namespace, app_deploy_code, deleted_token)
);
create index ix_app_deployment_project on app_deployment (project_id, deleted, create_time);
create index ix_app_deployment_app on app_deployment (app_id, deleted);

create table change_order (
    id               varchar(36)              primary key,
    tenant_id        bigint                   not null,
    project_id       varchar(36)              not null,
    app_deploy_id    varchar(36)              not null references app_deployment (id),
    change_type      varchar(16)              not null,
    object_type      varchar(16)              not null,
    object_id        varchar(36),
    change_source    varchar(8)               not null,
    description      varchar(500),
    execute_status   varchar(24)              not null,
    fail_reason      varchar(1000),
    status_cd        varchar(3)               not null,
    status_time      timestamp with time zone not null,
    deployment_ver   varchar(63),
    resource_type    varchar(16)              not null,
    resource_name    varchar(253)             not null,
    resource_yaml    varchar,
    batch_count      integer                  not null,
    batch_type       varchar(16)              not null,
    batch_interval   integer                  not null,
    timeout_seconds  integer                  not null,
    -- what the change does (JSON): the target workload, the Service, the replica count...
    params           varchar                  not null,
    -- the workload before the change (JSON DeploySpec), for rollback
    previous_spec    varchar,
    step_index       integer                  not null,
    step_started_at  timestamp with time zone,
    create_staff     varchar(64),
    create_user_id   bigint                   not null,
    create_time      timestamp with time zone not null,
    start_time       timestamp with time zone,
    end_time         timestamp with time zone,
    update_time      timestamp with time zone not null,
    update_staff     varchar(64),
    version          bigint                   not null default 0
);
create index ix_change_order_deployment on change_order (app_deploy_id, create_time);
create index ix_change_order_status on change_order (execute_status);

-- the phases (pipelineInfoList) of a change order
create table change_phase (
    id              varchar(36)              primary key,
    change_order_id varchar(36)              not null references change_order (id),
    seq             integer                  not null,
    phase_name      varchar(64)              not null,
    status          varchar(2)               not null,
    start_time      timestamp with time zone,
    update_time     timestamp with time zone not null
);
create index ix_change_phase_order on change_phase (change_order_id, seq);

-- the stages of a phase (stageList), each with its one task, the task's instance and pods
create table change_stage (
    id              varchar(36)              primary key,
    phase_id        varchar(36)              not null references change_phase (id),
    seq             integer                  not null,
    stage_name      varchar(64)              not null,
    status          varchar(2)               not null,
    start_time      timestamp with time zone,
    update_time     timestamp with time zone not null,
    task_id         varchar(36)              not null,
    task_name       varchar(64)              not null,
    instance_name   varchar(253)             not null,
    instance_status varchar(3)               not null,
    err_msg         varchar(1000),
    resource_name   varchar(253),
    resource_yaml   varchar,
    -- the pods of the stage as last seen (JSON array)
    pods            varchar
);
create index ix_change_stage_phase on change_stage (phase_id, seq);

-- the images of successful deploys (listHistoryDeployVersion)
create table deploy_history (
    id              varchar(36)              primary key,
    app_deploy_id   varchar(36)              not null references app_deployment (id),
    change_order_id varchar(36)              not null,
    image_url       varchar(512)             not null,
    image_name      varchar(512)             not null,
    image_ver       varchar(128)             not null,
    image_id        varchar(36),
    -- the workload the deploy applied (JSON DeploySpec), so a rollback restores it
    spec            varchar                  not null,
    create_time     timestamp with time zone not null
);
create index ix_deploy_history_deployment on deploy_history (app_deploy_id, create_time);
