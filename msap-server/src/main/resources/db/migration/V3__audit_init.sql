-- Who did what, when, to which object, with what result.

create table audit_log (
    id           varchar(36)              primary key,
    event_time   timestamp with time zone not null,
    tenant_id    bigint,
    project_id   varchar(36),
    user_id      bigint,
    user_name    varchar(64),
    operation    varchar(64)              not null,
    http_method  varchar(8)               not null,
    path         varchar(255)             not null,
    object_type  varchar(32),
    object_id    varchar(64),
    result       varchar(8)               not null,
    http_status  integer                  not null,
    reason       varchar(500),
    request_id   varchar(64),
    client_ip    varchar(64)
);
create index ix_audit_log_tenant_time on audit_log (tenant_id, event_time);
create index ix_audit_log_project_time on audit_log (project_id, event_time);
