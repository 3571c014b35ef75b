-- Pipelines (manual 5.6): definitions with ordered stages, runs with their stages, stage logs in chunks, and pipeline
-- member permissions (manual 5.12).

create table pipeline (
    id             varchar(36)              primary key,
    tenant_id      bigint                   not null references tenant (id),
    project_id     varchar(36)              not null references project (id),
    app_id         varchar(36)              not null references application (id),
    pipeline_name  varchar(64)              not null,
    -- lower(pipeline_name): unique per project among live pipelines, ignoring case
    name_key       varchar(64)              not null,
    description    varchar(500),
    perm_mode      varchar(16)              not null,
    -- the run executing now: the one-run-at-a-time lock of the pipeline
    active_run_id  varchar(36),
    create_staff   varchar(64),
    create_user_id bigint                   not null,
    create_time    timestamp with time zone not null,
    update_staff   varchar(64),
    update_time    timestamp with time zone not null,
    deleted        boolean                  not null default false,
    delete_time    timestamp with time zone,
    deleted_token  varchar(36)              not null default '',
    version        bigint                   not null default 0,
    constraint uk_pipeline_name unique (project_id, name_key, deleted_token)
);
create index ix_pipeline_project on pipeline (project_id, deleted, create_time);
create index ix_pipeline_app on pipeline (app_id, deleted);

-- the stages of a pipeline definition (stageList), replaced as a whole by updatePipeline
create table pipeline_stage (
    id          varchar(36) primary key,
    pipeline_id varchar(36) not null references pipeline (id),
    sort        integer     not null,
    stage_name  varchar(64) not null,
    category    varchar(24) not null,
    -- the stage's configuration as checked by its executor (JSON object)
    config      varchar     not null,
    constraint uk_pipeline_stage_sort unique (pipeline_id, sort)
);

-- one run of a pipeline (pipelineRecordId); retried runs keep their id and count attempts
create table pipeline_run (
    id             varchar(36)              primary key,
    tenant_id      bigint                   not null,
    project_id     varchar(36)              not null,
    pipeline_id    varchar(36)              not null references pipeline (id),
    app_id         varchar(36)              not null,
    branch_name    varchar(255),
    -- the run's variables (JSON array of {name, type, value})
    variables      varchar                  not null,
    run_status     varchar(16)              not null,
    fail_reason    varchar(1000),
    attempt        integer                  not null,
    -- the place in the pipeline's queue: runs of one pipeline start one at a time in this order
    queued_at      timestamp with time zone not null,
    -- who started (or last retried) the run: its rights are checked when the run starts
    start_user_id  bigint                   not null,
    start_staff    varchar(64),
    start_main     boolean                  not null,
    create_staff   varchar(64),
    create_user_id bigint                   not null,
    create_time    timestamp with time zone not null,
    start_time     timestamp with time zone,
    end_time       timestamp with time zone,
    update_staff   varchar(64),
    update_time    timestamp with time zone not null,
    version        bigint                   not null default 0
);
create index ix_pipeline_run_pipeline on pipeline_run (pipeline_id, run_status, queued_at);
create index ix_pipeline_run_status on pipeline_run (run_status);

-- the stages of a run: a copy of the definition's stages when the run was requested, with their progress
create table pipeline_run_stage (
    id             varchar(36)              primary key,
    run_id         varchar(36)              not null references pipeline_run (id),
    sort           integer                  not null,
    stage_name     varchar(64)              not null,
    category       varchar(24)              not null,
    config         varchar                  not null,
    status         varchar(16)              not null,
    reason         varchar(1000),
    -- the run attempt the stage last ran in
    attempt        integer                  not null default 0,
    start_time     timestamp with time zone,
    end_time       timestamp with time zone,
    update_time    timestamp with time zone not null,
    -- the server instance running the stage and its last sign of life
    executor       varchar(64),
    heartbeat_time timestamp with time zone,
    -- the build process (its process group) started for the stage, to stop it after a crash of its server
    process_host   varchar(255),
    process_pid    bigint,
    process_start  timestamp with time zone,
    -- what the stage produced for the next ones (JSON object)
    outputs        varchar,
    constraint uk_pipeline_run_stage_sort unique (run_id, sort)
);

-- stage logs, appended in chunks by the server running the stage; offsets count bytes from the log's start
create table pipeline_stage_log (
    stage_id     varchar(36)              not null references pipeline_run_stage (id),
    seq          integer                  not null,
    start_offset bigint                   not null,
    byte_count   integer                  not null,
    content      bytea                    not null,
    -- this chunk ends with the note that the attempt's output was cut at the size limit
    truncated    boolean                  not null default false,
    create_time  timestamp with time zone not null,
    primary key (stage_id, seq)
);

-- pipeline member permissions (USER_DEFINED mode); permissionId is the numeric id
create table pipeline_permission (
    id             bigint generated by default as identity primary key,
    pipeline_id    varchar(36)              not null references pipeline (id),
    project_id     varchar(36)              not null references project (id),
    user_id        bigint                   not null references account_user (id),
    perm_type      varchar(8)               not null,
    create_staff   varchar(64),
    create_user_id bigint                   not null,
    create_time    timestamp with time zone not null,
    update_time    timestamp with time zone not null,
    constraint uk_pipeline_permission_user unique (pipeline_id, user_id)
);
create index ix_pipeline_permission_project_user on pipeline_permission (project_id, user_id);
