-- Applications of projects and their groups (manual 5.1, 5.2).

create table app_group (
    id          varchar(36)              primary key,
    tenant_id   bigint                   not null references tenant (id),
    project_id  varchar(36)              not null references project (id),
    group_name  varchar(10)              not null,
    -- lower(group_name): unique in the project
    name_key    varchar(10)              not null,
    create_time timestamp with time zone not null,
    constraint uk_app_group_name unique (project_id, name_key)
);

create table application (
    id                      varchar(36)              primary key,
    tenant_id               bigint                   not null references tenant (id),
    project_id              varchar(36)              not null references project (id),
    app_name                varchar(30)              not null,
    -- lower(app_name): unique among the project's live apps, ignoring case
    name_key                varchar(30)              not null,
    category                varchar(16)              not null,
    app_type                varchar(16)              not null,
    origin                  varchar(16)              not null,
    code_repos_address      varchar(100),
    code_repos_name         varchar(100),
    code_repos_organization varchar(100),
    connection_id           varchar(36),
    description             varchar(500),
    app_group_id            varchar(36)              references app_group (id),
    create_staff            varchar(64),
    create_user_id          bigint                   not null,
    create_time             timestamp with time zone not null,
    update_time             timestamp with time zone not null,
    status_cd               varchar(3)               not null,
    status_time             timestamp with time zone not null,
    deleted                 boolean                  not null default false,
    delete_time             timestamp with time zone,
    deleted_token           varchar(36)              not null default '',
    version                 bigint                   not null default 0,
    constraint uk_application_name unique (project_id, name_key, deleted_token)
);
create index ix_application_project on application (project_id, deleted, create_time);
create index ix_application_group on application (app_group_id);
create index ix_application_connection on application (connection_id);
