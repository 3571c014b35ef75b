-- Request integrity: EOP request ids seen per access key (replay window) and stored answers of POSTs by request id.

create table eop_seen_request (
    access_key varchar(32)              not null,
    request_id varchar(64)              not null,
    seen_time  timestamp with time zone not null,
    primary key (access_key, request_id)
);
create index ix_eop_seen_request_time on eop_seen_request (seen_time);

create table idempotent_request (
    -- SHA-256 of caller, method, path and request id
    id            varchar(64)              primary key,
    request_hash  varchar(64)              not null,
    http_status   integer,
    content_type  varchar(128),
    -- the stored answer, encrypted (it may hold a secret shown once)
    response_body varchar,
    create_time   timestamp with time zone not null
);
create index ix_idempotent_request_time on idempotent_request (create_time);
