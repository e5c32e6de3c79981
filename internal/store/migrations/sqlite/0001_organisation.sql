-- +goose Up
CREATE TABLE organisations (
    id                INTEGER PRIMARY KEY,
    slug              TEXT NOT NULL UNIQUE,
    name              TEXT NOT NULL,
    require_staff_mfa INTEGER NOT NULL DEFAULT 1,
    created_at        TIMESTAMP NOT NULL
);

CREATE TABLE units (
    id      INTEGER PRIMARY KEY,
    org_id  INTEGER NOT NULL REFERENCES organisations(id),
    name    TEXT NOT NULL,
    address TEXT NOT NULL DEFAULT '',
    UNIQUE (org_id, id)
);

CREATE TABLE departments (
    id      INTEGER PRIMARY KEY,
    org_id  INTEGER NOT NULL REFERENCES organisations(id),
    unit_id INTEGER NOT NULL,
    name    TEXT NOT NULL,
    UNIQUE (org_id, id),
    FOREIGN KEY (org_id, unit_id) REFERENCES units(org_id, id)
);
CREATE INDEX departments_unit ON departments(org_id, unit_id);

CREATE TABLE children (
    id                 INTEGER PRIMARY KEY,
    org_id             INTEGER NOT NULL REFERENCES organisations(id),
    first_name         TEXT NOT NULL,
    last_name          TEXT NOT NULL,
    birth_date         TEXT,
    protected_identity INTEGER NOT NULL DEFAULT 0,
    UNIQUE (org_id, id)
);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL REFERENCES organisations(id),
    kind          TEXT NOT NULL CHECK (kind IN ('staff', 'guardian', 'orgadmin')),
    email         TEXT NOT NULL,
    name          TEXT NOT NULL,
    language      TEXT NOT NULL DEFAULT '',
    password_hash TEXT NOT NULL DEFAULT '',
    active        INTEGER NOT NULL DEFAULT 1,
    created_at    TIMESTAMP NOT NULL,
    UNIQUE (org_id, id),
    UNIQUE (org_id, email)
);
CREATE INDEX users_email ON users(email);

CREATE TABLE guardianships (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL,
    child_id    INTEGER NOT NULL,
    guardian_id INTEGER NOT NULL,
    from_date   TEXT NOT NULL,
    to_date     TEXT,
    FOREIGN KEY (org_id, child_id) REFERENCES children(org_id, id),
    FOREIGN KEY (org_id, guardian_id) REFERENCES users(org_id, id)
);
CREATE INDEX guardianships_child ON guardianships(org_id, child_id);
CREATE INDEX guardianships_guardian ON guardianships(org_id, guardian_id);

CREATE TABLE placements (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL,
    child_id      INTEGER NOT NULL,
    department_id INTEGER NOT NULL,
    from_date     TEXT NOT NULL,
    to_date       TEXT,
    FOREIGN KEY (org_id, child_id) REFERENCES children(org_id, id),
    FOREIGN KEY (org_id, department_id) REFERENCES departments(org_id, id)
);
CREATE INDEX placements_child ON placements(org_id, child_id);
CREATE INDEX placements_department ON placements(org_id, department_id);

CREATE TABLE staff_memberships (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL,
    user_id       INTEGER NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('principal', 'educator')),
    unit_id       INTEGER,
    department_id INTEGER,
    from_date     TEXT NOT NULL,
    to_date       TEXT,
    CHECK ((role = 'principal' AND unit_id IS NOT NULL AND department_id IS NULL)
        OR (role = 'educator' AND department_id IS NOT NULL AND unit_id IS NULL)),
    FOREIGN KEY (org_id, user_id) REFERENCES users(org_id, id),
    FOREIGN KEY (org_id, unit_id) REFERENCES units(org_id, id),
    FOREIGN KEY (org_id, department_id) REFERENCES departments(org_id, id)
);
CREATE INDEX staff_memberships_user ON staff_memberships(org_id, user_id);
CREATE INDEX staff_memberships_department ON staff_memberships(org_id, department_id);

-- +goose Down
DROP TABLE staff_memberships;
DROP TABLE placements;
DROP TABLE guardianships;
DROP TABLE users;
DROP TABLE children;
DROP TABLE departments;
DROP TABLE units;
DROP TABLE organisations;
