-- The artifact repository (manual 5.7): generic packages and container images. The bytes live in the blob store
-- (content-addressed by sha256, so equal content is kept once); these rows say what they are. Both are deleted softly
-- (history refers to them): deleted=true, delete_time, and deleted_token set to the id frees the name and version;
-- the blob is purged by the retention job once no row needs it (blob_purged).

create table artifact_package (
    id                 varchar(36)              primary key,
    -- null for platform packages (the official demos), which every project sees read-only
    tenant_id          bigint                   references tenant (id),
    project_id         varchar(36)              references project (id),
    app_id             varchar(36)              references application (id),
    platform           boolean                  not null default false,
    -- what name and version are unique in: the app id, or 'official-demo:<code>' for platform packages
    scope_key          varchar(100)             not null,
    package_name       varchar(64)              not null,
    -- lower(package_name), lower(package_ver): unique per app ignoring case
    name_key           varchar(64)              not null,
    package_ver        varchar(64)              not null,
    ver_key            varchar(64)              not null,
    -- JAR, WAR, ZIP or TGZ
    package_type       varchar(8)               not null,
    -- USER_UPLOAD, OFFICIAL_DEMO or CODE_GENERATE
    package_source     varchar(16)              not null,
    official_demo_code varchar(64),
    -- the file name downloads are given
    file_name          varchar(255)             not null,
    package_size       bigint                   not null,
    sha256             varchar(64)              not null,
    branch_name        varchar(255),
    is_official        boolean                  not null default false,
    create_staff       varchar(64),
    create_user_id     bigint,
    create_time        timestamp with time zone not null,
    update_staff       varchar(64),
    update_time        timestamp with time zone not null,
    deleted            boolean                  not null default false,
    delete_time        timestamp with time zone,
    deleted_token      varchar(36)              not null default '',
    blob_purged        boolean                  not null default false,
    version            bigint                   not null default 0,
    constraint uk_artifact_package_ver unique (scope_key, name_key, ver_key, deleted_token)
);
create index ix_artifact_package_project on artifact_package (project_id, deleted, create_time);
create index ix_artifact_package_app on artifact_package (app_id);
create index ix_artifact_package_sha256 on artifact_package (sha256);
create index ix_artifact_package_demo on artifact_package (official_demo_code, deleted);

create table artifact_image (
    id                 varchar(36)              primary key,
    tenant_id          bigint                   not null references tenant (id),
    project_id         varchar(36)              not null references project (id),
    app_id             varchar(36)              not null references application (id),
    image_name         varchar(128)             not null,
    -- lower(image_name), lower(image_ver): unique per app ignoring case
    name_key           varchar(128)             not null,
    image_ver          varchar(128)             not null,
    ver_key            varchar(128)             not null,
    image_url          varchar(512)             not null,
    -- BUILD (built by MSAP from a package) or EXTERNAL (built elsewhere, recorded by createImage)
    image_source       varchar(16)              not null,
    package_id         varchar(36)              references artifact_package (id),
    package_name       varchar(64),
    package_ver        varchar(64),
    branch_name        varchar(255),
    -- the base image reference the build used; 'scratch' when it fell back to the empty base
    base_image         varchar(512),
    on_scratch         boolean                  not null default false,
    -- a Dockerfile that builds the same image; null for images built elsewhere
    dockerfile_content varchar,
    image_digest       varchar(80),
    -- the OCI image tarball in the blob store, for images that were not pushed to a registry
    tarball_sha256     varchar(64),
    tarball_size       bigint,
    pushed             boolean                  not null default false,
    is_official        boolean                  not null default false,
    create_staff       varchar(64),
    create_user_id     bigint                   not null,
    create_time        timestamp with time zone not null,
    update_staff       varchar(64),
    update_time        timestamp with time zone not null,
    deleted            boolean                  not null default false,
    delete_time        timestamp with time zone,
    deleted_token      varchar(36)              not null default '',
    blob_purged        boolean                  not null default false,
    version            bigint                   not null default 0,
    constraint uk_artifact_image_ver unique (app_id, name_key, ver_key, deleted_token)
);
create index ix_artifact_image_project on artifact_image (project_id, deleted, create_time);
create index ix_artifact_image_package on artifact_image (package_id);
create index ix_artifact_image_tarball on artifact_image (tarball_sha256);
