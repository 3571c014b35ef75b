-- Areas and resource pools, registered clusters and register centres (platform level), namespaces created through
-- MSAP, environments of projects and the cluster namespace each imports (manual 5.4).

create table area (
    id          varchar(20)              primary key,
    area_code   varchar(32)              not null,
    area_name   varchar(64)              not null,
    create_time timestamp with time zone not null,
    constraint uk_area_code unique (area_code)
);

create table resource_pool (
    id            varchar(20)              primary key,
    area_id       varchar(20)              not null references area (id),
    res_pool_code varchar(32)              not null,
    res_pool_name varchar(64)              not null,
    -- granted to every tenant (the embedded pool 'local'); otherwise see resource_pool_grant
    all_tenants   boolean                  not null default false,
    create_time   timestamp with time zone not null,
    constraint uk_resource_pool_code unique (res_pool_code)
);

create table resource_pool_grant (
    pool_id     varchar(20)              not null references resource_pool (id) on delete cascade,
    tenant_id   bigint                   not null references tenant (id),
    create_time timestamp with time zone not null,
    primary key (pool_id, tenant_id)
);

create table k8s_cluster (
    id                varchar(20)              primary key,
    pool_id           varchar(20)              not null references resource_pool (id),
    resource_name     varchar(64)              not null,
    spec              varchar(128),
    -- AES-GCM ciphertext with key-id prefix (SecretCipher); never returned
    kubeconfig_cipher varchar                  not null,
    embedded          boolean                  not null default false,
    create_time       timestamp with time zone not null,
    constraint uk_k8s_cluster_name unique (resource_name)
);

create table register_centre (
    id            varchar(20)              primary key,
    pool_id       varchar(20)              not null references resource_pool (id),
    resource_name varchar(64)              not null,
    spec          varchar(128),
    centre_type   varchar(16)              not null,
    address       varchar(512)             not null,
    create_time   timestamp with time zone not null,
    constraint uk_register_centre_name unique (resource_name)
);

-- namespaces a tenant created through MSAP: the only ones it may delete
create table managed_namespace (
    cluster_id  varchar(20)              not null references k8s_cluster (id),
    namespace   varchar(63)              not null,
    tenant_id   bigint                   not null references tenant (id),
    create_time timestamp with time zone not null,
    primary key (cluster_id, namespace)
);

create table environment (
    id            varchar(36)              primary key,
    tenant_id     bigint                   not null references tenant (id),
    project_id    varchar(36)              not null references project (id),
    env_code      varchar(30)              not null,
    env_name      varchar(30)              not null,
    env_type      varchar(16)              not null,
    pool_id       varchar(20)              not null references resource_pool (id),
    create_time   timestamp with time zone not null,
    update_time   timestamp with time zone not null,
    deleted       boolean                  not null default false,
    delete_time   timestamp with time zone,
    deleted_token varchar(36)              not null default '',
    version       bigint                   not null default 0,
    constraint uk_environment_code unique (project_id, env_code, deleted_token)
);
create index ix_environment_project on environment (project_id, deleted, create_time);

-- the cluster namespace imported into an environment: one per environment, one environment per namespace
create table env_resource (
    id           varchar(36)              primary key,
    env_id       varchar(36)              not null references environment (id),
    cluster_id   varchar(20)              not null references k8s_cluster (id),
    namespace    varchar(63)              not null,
    tenant_id    bigint                   not null,
    create_time  timestamp with time zone not null,
    create_staff varchar(64),
    update_time  timestamp with time zone not null,
    update_staff varchar(64),
    constraint uk_env_resource_env unique (env_id),
    constraint uk_env_resource_namespace unique (cluster_id, namespace)
);
