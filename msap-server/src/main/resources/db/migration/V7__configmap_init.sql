-- ConfigMaps created through MSAP in an environment's imported cluster namespace (manual 5.10).

create table config_map (
    id              varchar(36)              primary key,
    tenant_id       bigint                   not null references tenant (id),
    project_id      varchar(36)              not null references project (id),
    env_id          varchar(36)              not null references environment (id),
    cluster_id      varchar(20)              not null,
    cluster_name    varchar(64)              not null,
    namespace       varchar(63)              not null,
    config_map_name varchar(253)             not null,
    -- the items as a JSON array of {name, value}, in the caller's order
    items           varchar                  not null,
    create_time     timestamp with time zone not null,
    update_time     timestamp with time zone not null,
    version         bigint                   not null default 0,
    constraint uk_config_map_name unique (cluster_id, namespace, config_map_name)
);
create index ix_config_map_project on config_map (project_id, create_time);
create index ix_config_map_env on config_map (env_id);
