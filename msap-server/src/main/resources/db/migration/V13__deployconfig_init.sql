-- Image deployment configurations of general applications, one set of deploy defaults per application and
-- environment under a name (manual 5.5). Deleted for good with their application; hidden while their environment is
-- deleted.

create table deploy_config (
    id                 varchar(36)              primary key,
    tenant_id          bigint                   not null references tenant (id),
    project_id         varchar(36)              not null references project (id),
    app_id             varchar(36)              not null references application (id),
    env_id             varchar(36)              not null references environment (id),
    config_name        varchar(64)              not null,
    -- lower(config_name): unique per application and environment, ignoring case
    name_key           varchar(64)              not null,
    -- JSON of the settings as the API shows them; null when not configured
    pod_resource_spec  varchar,
    start_command      varchar,
    -- JSON array, [] when there are none
    env_variable_list  varchar                  not null,
    life_cycle_mgt     varchar,
    create_staff       varchar(64),
    create_user_id     bigint                   not null,
    create_time        timestamp with time zone not null,
    update_staff       varchar(64),
    update_time        timestamp with time zone not null,
    version            bigint                   not null default 0,
    constraint uk_deploy_config_name unique (app_id, env_id, name_key)
);
create index ix_deploy_config_env on deploy_config (env_id);
