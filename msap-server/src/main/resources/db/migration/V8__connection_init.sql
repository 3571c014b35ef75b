-- Service connections of projects (manual 5.9): code hosts and Docker registries with their credentials.

create table service_connection (
    id              varchar(36)              primary key,
    tenant_id       bigint                   not null references tenant (id),
    project_id      varchar(36)              not null references project (id),
    connection_name varchar(64)              not null,
    -- lower(connection_name): names are unique in a project ignoring case
    name_key        varchar(64)              not null,
    connection_type varchar(20)              not null,
    server_url      varchar(512)             not null,
    auth_type       varchar(20)              not null,
    user_name       varchar(128),
    -- AES-GCM ciphertext with key-id prefix (SecretCipher) of the token or password; never returned
    secret_cipher   varchar                  not null,
    create_staff    varchar(64)              not null,
    create_user_id  bigint                   not null,
    create_time     timestamp with time zone not null,
    update_time     timestamp with time zone not null,
    version         bigint                   not null default 0,
    constraint uk_service_connection_name unique (project_id, name_key)
);
create index ix_service_connection_project on service_connection (project_id, create_time);
