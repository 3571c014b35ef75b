-- Data permissions (manual 5.11): members' operation rights on single applications and environments.

create table data_grant (
    object_type varchar(8)               not null,
    object_id   varchar(36)              not null,
    user_id     bigint                   not null references account_user (id),
    project_id  varchar(36)              not null references project (id),
    granted_by  bigint                   not null,
    create_time timestamp with time zone not null,
    primary key (object_type, object_id, user_id)
);
create index ix_data_grant_project_user on data_grant (project_id, user_id);
