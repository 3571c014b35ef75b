-- Projects and their members with roles (manual 5.8, 5.13).

create table project (
    id            varchar(36)              primary key,
    tenant_id     bigint                   not null references tenant (id),
    project_code  varchar(30)              not null,
    project_name  varchar(30)              not null,
    description   varchar(500),
    create_time   timestamp with time zone not null,
    update_time   timestamp with time zone not null,
    deleted       boolean                  not null default false,
    delete_time   timestamp with time zone,
    deleted_token varchar(36)              not null default '',
    version       bigint                   not null default 0,
    constraint uk_project_code unique (tenant_id, project_code, deleted_token)
);
create index ix_project_tenant on project (tenant_id, deleted, create_time);

create table project_member (
    project_id  varchar(36)              not null references project (id),
    user_id     bigint                   not null references account_user (id),
    create_time timestamp with time zone not null,
    primary key (project_id, user_id)
);
create index ix_project_member_user on project_member (user_id);

-- role_id: 1 PROJECT_ADMIN, 2 DEVELOPER, 3 TESTER, 4 OPERATOR, 5 VIEWER (ProjectRole)
create table project_member_role (
    project_id varchar(36) not null,
    user_id    bigint      not null,
    role_id    integer     not null check (role_id between 1 and 5),
    primary key (project_id, user_id, role_id),
    foreign key (project_id, user_id) references project_member (project_id, user_id) on delete cascade
);
